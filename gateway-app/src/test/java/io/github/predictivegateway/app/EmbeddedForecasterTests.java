package io.github.predictivegateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.forecast.ForecastTable;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.usage.UsagePublisher;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default with no sidecar: the gateway's own usage goes into the in-process
 * forecaster's durable store, the forecaster retrains on it, and its forecasts come back
 * to the gateway without HTTP. Compressed time (60×, one 60 s step per real second) and a
 * retraining every 5 compressed minutes keep it to a few seconds.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"predictive.time-scale=60", "predictive.forecast.refresh-interval=200ms",
				"predictive.embedded.retrain-initial-delay=2s", "predictive.embedded.retrain-interval=5m" })
@Timeout(60)
class EmbeddedForecasterTests {

	private static final SeriesKey SOMEONE = new SeriesKey("someone", "requests");

	@LocalServerPort
	private int port;

	@Autowired
	private UsagePublisher publisher;

	@Autowired
	@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE)
	private SnapshotForecastSource forecasts;

	@Test
	void theGatewaysOwnUsageIsForecastInProcess() throws InterruptedException {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		for (int i = 0; i < 3; i++) {
			client.get()
				.uri("/demo/hello")
				.header("X-Tenant-Id", "someone")
				.exchangeToMono(response -> response.releaseBody())
				.block(Duration.ofSeconds(5));
		}

		Instant deadline = Instant.now().plus(30, ChronoUnit.SECONDS);
		while (!forecastHas(SOMEONE) && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}

		assertThat(this.publisher.published()).isGreaterThanOrEqualTo(1);
		assertThat(forecastHas(SOMEONE)).as("a forecast for the tenant from the embedded forecaster").isTrue();
		assertThat(this.forecasts.isStale()).isFalse();
	}

	private boolean forecastHas(SeriesKey series) {
		ForecastTable table = this.forecasts.table();
		return table != null && table.series().containsKey(series);
	}

}
