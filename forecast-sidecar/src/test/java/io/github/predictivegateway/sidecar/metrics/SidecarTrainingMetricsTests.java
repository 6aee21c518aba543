package io.github.predictivegateway.sidecar.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sidecar's own meters as Prometheus scrapes them from {@code /actuator/prometheus},
 * on a real server with its own directories: what a retraining run over three days of
 * imported history did, and the live model's backtest scores, which agree with
 * {@code GET /v1/models}.
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h" })
@AutoConfigureWebTestClient
class SidecarTrainingMetricsTests {

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

	@Test
	void aRetrainingRunIsTimedItsPromotionCountedAndTheLiveModelsScoresSummarised() {
		StringBuilder csv = new StringBuilder("timestamp,value\n");
		Random random = new Random(11);
		for (int i = 3 * 1440; i >= 1; i--) {
			double level = 20
					* (1.5 + Math.sin(2 * Math.PI * ((Instant.now().getEpochSecond() / 60 - i) % 1440) / 1440));
			csv.append(stepStart(i).replace("T", " ").replace("Z", ""))
				.append(',')
				.append(Math.max(0, Math.round(level + 3 * random.nextGaussian())))
				.append('\n');
		}
		this.client.post()
			.uri("/v1/history/import?tenant=umbrella&resource=db")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv.toString())
			.exchange()
			.expectStatus()
			.isAccepted();
		String before = scrape();
		assertThat(sample(before, "predictive_sidecar_models_live")).isZero();
		assertThat(sample(before, "predictive_sidecar_backtest_mase{statistic=\"median\"}")).isNaN();

		WebTestClient patient = this.client.mutate().responseTimeout(Duration.ofSeconds(120)).build();
		patient.post().uri("/v1/retrain").exchange().expectStatus().isOk();

		String after = scrape();
		List<Map<String, Object>> models = this.client.get()
			.uri("/v1/models")
			.exchange()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		// no step has closed since the first forecast was served: nothing to score yet
		assertThat(models.get(0)).containsEntry("rollingPoints", 0).containsKeys("rollingMase", "rollingCoverage");
		double mase = Double.parseDouble(String.valueOf(models.get(0).get("mase")));
		double coverage = Double.parseDouble(String.valueOf(models.get(0).get("coverage")));
		assertThat(sample(after, "predictive_sidecar_training_duration_seconds_count")
				- sample(before, "predictive_sidecar_training_duration_seconds_count"))
			.isEqualTo(1);
		assertThat(sample(after, "predictive_sidecar_model_versions_total{outcome=\"promoted\"}")
				- sample(before, "predictive_sidecar_model_versions_total{outcome=\"promoted\"}"))
			.isEqualTo(1);
		assertThat(sample(after, "predictive_sidecar_models_live")).isEqualTo(1);
		// one series: its score is the median and the worst at once
		assertThat(sample(after, "predictive_sidecar_backtest_mase{statistic=\"median\"}")).isCloseTo(mase,
				within(1e-9));
		assertThat(sample(after, "predictive_sidecar_backtest_mase{statistic=\"max\"}")).isCloseTo(mase, within(1e-9));
		assertThat(sample(after, "predictive_sidecar_backtest_coverage{statistic=\"min\"}")).isCloseTo(coverage,
				within(1e-9));
	}

}
