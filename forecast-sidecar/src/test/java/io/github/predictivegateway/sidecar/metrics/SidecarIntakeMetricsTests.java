package io.github.predictivegateway.sidecar.metrics;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar's own meters as Prometheus scrapes them from {@code /actuator/prometheus},
 * on a real server with its own directories: usage records by what became of them.
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h" })
@AutoConfigureWebTestClient
class SidecarIntakeMetricsTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("sidecar.data-dir", () -> dir.resolve("data").toString());
		registry.add("sidecar.model-dir", () -> dir.resolve("models").toString());
	}

	@Autowired
	private WebTestClient client;

	private static String stepStart(int stepsAgo) {
		long now = Instant.now().getEpochSecond();
		return Instant.ofEpochSecond((now / 60 - stepsAgo) * 60).toString();
	}

	private static String record(String tenant, String stepStart, int attempted) {
		return """
				{"tenant": "%s", "resource": "db", "stepStart": "%s", "attempted": %d, "admitted": %d,
				 "preallocated": 0, "throttled": 0, "units": %d, "bytes": 0, "durationMsSum": 0, "durationMsMax": 0}
				""".formatted(tenant, stepStart, attempted, attempted, attempted);
	}

	private void post(String instance, String... records) {
		this.client.post()
			.uri("/v1/usage")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"instance\": \"" + instance + "\", \"records\": [" + String.join(",", records) + "]}")
			.exchange()
			.expectBody()
			.returnResult();
	}

	private String scrape() {
		return this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The value of the one sample line that starts with {@code series} (name and labels,
	 * as Prometheus writes).
	 */
	private static double sample(String scrape, String series) {
		List<String> lines = scrape.lines().filter(line -> line.startsWith(series + " ")).toList();
		assertThat(lines).as(series).hasSize(1);
		return Double.parseDouble(lines.get(0).substring(series.length() + 1));
	}

	private static double usage(String scrape, String outcome) {
		return sample(scrape, "predictive_sidecar_usage_records_total{outcome=\"" + outcome + "\"}");
	}

	@Test
	void usageRecordsAreCountedByWhatBecameOfThem() {
		String before = scrape();
		String step = stepStart(2);

		post("gw-1", record("hooli", step, 5), record("hooli", stepStart(3), 4));
		post("gw-1", record("hooli", step, 6));
		post("gw-1", record("hooli", step, 1), record("hooli", step, -1), record("hooli", step, 2));

		String after = scrape();
		assertThat(usage(after, "accepted") - usage(before, "accepted")).isEqualTo(2);
		assertThat(usage(after, "deduplicated") - usage(before, "deduplicated")).isEqualTo(1);
		assertThat(usage(after, "rejected") - usage(before, "rejected")).isEqualTo(3);
		assertThat(usage(after, "too-old") - usage(before, "too-old")).isZero();
	}

}
