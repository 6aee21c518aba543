package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageSink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's side of usage through Redis, against a real Redis. */
class RedisUsageSinkTests {

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private RedisConnector connector;

	@BeforeEach
	void connect() {
		this.connector = new RedisConnector(List.of(RedisURI.create(this.redis.host(), this.redis.port())), false,
				Duration.ofSeconds(2));
		this.connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		assertThat(this.connector.isConnected()).as("connected to Redis").isTrue();
	}

	@AfterEach
	void cleanUp() {
		this.connector.close();
		this.redis.deleteKeys(this.prefix);
	}

	private RedisUsageSink sink(long maxEntries) {
		return new RedisUsageSink(this.connector, new RedisKeys(this.prefix),
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()),
				maxEntries);
	}

	private static StepUsage usage(String tenant, long attempted) {
		return new StepUsage(tenant, "requests", Instant.parse("2026-11-30T09:00:00Z"), attempted, attempted, 0, 0,
				attempted, 0, 0, 0);
	}

	@Test
	void aBatchIsOneStreamEntryHoldingTheSidecarsJson() {
		RedisUsageSink sink = sink(100);

		UsageSink.Result result = sink.publish("gw-a", List.of(usage("acme", 7), usage("beta", 3))).block();

		assertThat(result).isEqualTo(UsageSink.Result.ACCEPTED);
		assertThat(sink.stream()).isEqualTo(this.prefix + "{usage}:stream");
		assertThat(this.redis.command("XLEN", sink.stream())).isEqualTo(":1");
		String batch = this.redis.command("EVAL", "return redis.call('XRANGE', KEYS[1], '-', '+')[1][2][2]", "1",
				sink.stream());
		assertThat(batch).isEqualTo("{\"instance\":\"gw-a\",\"records\":["
				+ "{\"tenant\":\"acme\",\"resource\":\"requests\",\"stepStart\":\"2026-11-30T09:00:00Z\",\"attempted\":7,"
				+ "\"admitted\":7,\"preallocated\":0,\"throttled\":0,\"units\":7.0,\"bytes\":0,\"durationMsSum\":0.0,"
				+ "\"durationMsMax\":0.0},"
				+ "{\"tenant\":\"beta\",\"resource\":\"requests\",\"stepStart\":\"2026-11-30T09:00:00Z\",\"attempted\":3,"
				+ "\"admitted\":3,\"preallocated\":0,\"throttled\":0,\"units\":3.0,\"bytes\":0,\"durationMsSum\":0.0,"
				+ "\"durationMsMax\":0.0}]}");
	}

	@Test
	void theStreamKeepsOnlyItsNewestEntries() {
		RedisUsageSink sink = sink(3);

		for (int i = 1; i <= 5; i++) {
			sink.publish("gw-a", List.of(usage("acme", i))).block();
		}

		assertThat(this.redis.command("XLEN", sink.stream())).isEqualTo(":3");
		String oldest = this.redis.command("EVAL", "return redis.call('XRANGE', KEYS[1], '-', '+')[1][2][2]", "1",
				sink.stream());
		assertThat(oldest).contains("\"attempted\":3,");
	}

	@Test
	void withoutRedisPublishingFailsSoThePublisherRetries() {
		RedisConnector unreachable = new RedisConnector(List.of(RedisURI.create("127.0.0.1", 1)), false,
				Duration.ofMillis(200));
		try {
			RedisUsageSink sink = new RedisUsageSink(unreachable, new RedisKeys(this.prefix),
					new RedisGuard(Duration.ofMillis(200), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()),
					100);

			assertThatThrownBy(() -> sink.publish("gw-a", List.of(usage("acme", 1))).block())
				.isInstanceOf(StoreUnavailableException.class);
		}
		finally {
			unreachable.close();
		}
	}

}
