package io.github.predictivegateway.sidecar.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.usage.UsageStreamPosition;
import io.github.predictivegateway.sidecar.SidecarApplication;
import io.github.predictivegateway.sidecar.metrics.SidecarMetricNames;
import io.github.predictivegateway.sidecar.testing.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar application with {@code sidecar.usage.source=redis} against a real Redis:
 * usage added to the stream by two gateway instances (as their RedisUsageSink does) shows
 * in its history, each instance's share once.
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h", "sidecar.usage.source=redis",
				"sidecar.usage.poll-interval=50ms" })
@AutoConfigureWebTestClient
class SidecarRedisUsageTests {

	private static final String STREAM = "predictive-test:" + UUID.randomUUID().toString().substring(0, 8)
			+ ":{usage}:stream";

	@TempDir
	static Path dir;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.shared();
		registry.add("sidecar.data-dir", () -> dir.resolve("data").toString());
		registry.add("sidecar.model-dir", () -> dir.resolve("models").toString());
		registry.add("sidecar.usage.stream", () -> STREAM);
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@BeforeAll
	static void connect() {
		TestRedis redis = TestRedis.shared();
		client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		connection = client.connect();
	}

	@AfterAll
	static void cleanUp() {
		connection.sync().del(STREAM);
		connection.close();
		client.shutdown();
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private MeterRegistry meters;

	private static String batch(String instance, String stepStart, int attempted) {
		return """
				{"instance": "%s", "records": [{"tenant": "hooli", "resource": "db", "stepStart": "%s",
				  "attempted": %d, "admitted": %d, "preallocated": 0, "throttled": 0, "units": %d,
				  "bytes": 0, "durationMsSum": 0, "durationMsMax": 0}]}
				""".formatted(instance, stepStart, attempted, attempted, attempted);
	}

	@Test
	void usageAddedToTheStreamByTwoInstancesIsSummedOnce() throws Exception {
		String step = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 - 2) * 60).toString();
		connection.sync().xadd(STREAM, Map.of("batch", batch("gw-1", step, 5)));
		connection.sync().xadd(STREAM, Map.of("batch", batch("gw-2", step, 3)));
		String last = connection.sync().xadd(STREAM, Map.of("batch", batch("gw-1", step, 5)));

		// the intake reads every 50 ms; the position file is written once the records are
		// journaled
		Path position = dir.resolve("data").resolve(UsageStreamPosition.FILE);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!(Files.exists(position) && Files.readString(position).contains(last)) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		assertThat(Files.readString(position)).isEqualTo(STREAM + " " + last + "\n");
		this.web.get()
			.uri("/v1/history?tenant=hooli&resource=db")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.steps[-1].start")
			.isEqualTo(step)
			.jsonPath("$.steps[-1].demand")
			.isEqualTo(8.0);
	}

	@Test
	void usageReadFromTheStreamIsCountedInTheIntakeMeters() throws Exception {
		String step = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 - 3) * 60).toString();
		double accepted = records("accepted");
		double deduplicated = records("deduplicated");
		double rejected = records("rejected");
		connection.sync().xadd(STREAM, Map.of("batch", batch("gw-3", step, 2)));
		connection.sync().xadd(STREAM, Map.of("batch", batch("gw-3", step, 4)));
		connection.sync().xadd(STREAM, Map.of("batch", "not json"));

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (records("rejected") == rejected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		assertThat(records("accepted") - accepted).isEqualTo(1);
		assertThat(records("deduplicated") - deduplicated).isEqualTo(1);
		assertThat(records("rejected") - rejected).as("an invalid entry counts as one record").isEqualTo(1);
	}

	private double records(String outcome) {
		Counter counter = this.meters.find(SidecarMetricNames.USAGE_RECORDS)
			.tag(SidecarMetricNames.OUTCOME, outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
