package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

import static org.assertj.core.api.Assertions.assertThat;

/** Each gauge rule against the contract's gauges, registered by the test. */
class AlertRulesTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private void gauge(String name, double value, String... tags) {
		Gauge.builder(name, () -> value).tags(tags).register(this.registry);
	}

	private List<Breach> evaluate(AlertRule rule) {
		return rule.evaluate(this.registry, 0);
	}

	@Test
	void maseHighHoldsAboveItsThresholdPerSeries() {
		gauge(PredictiveMetricNames.FORECAST_MASE, 1.2, "resource", "db", "tenant", "acme");
		gauge(PredictiveMetricNames.FORECAST_MASE, 2.5, "resource", "db", "tenant", "other");

		assertThat(evaluate(AlertRules.forecastMaseHigh(Duration.ZERO, 1.5)))
			.containsExactly(new Breach(Map.of("resource", "db", "tenant", "other"), 2.5));
	}

	@Test
	void staleHoldsWhileTheStaleGaugeIsOne() {
		gauge(PredictiveMetricNames.FORECAST_STALE, 1);

		assertThat(evaluate(AlertRules.forecastStale(Duration.ZERO))).containsExactly(new Breach(Map.of(), 1));
	}

	@Test
	void freshForecastsAreNotStale() {
		gauge(PredictiveMetricNames.FORECAST_STALE, 0);

		assertThat(evaluate(AlertRules.forecastStale(Duration.ZERO))).isEmpty();
	}

	@Test
	void sidecarUnavailableHoldsAfterAFailedPullButNotBeforeTheFirst() {
		AlertRule rule = AlertRules.sidecarUnavailable(Duration.ZERO);
		gauge(PredictiveMetricNames.SIDECAR_UP, Double.NaN);
		assertThat(evaluate(rule)).isEmpty();

		SimpleMeterRegistry failed = new SimpleMeterRegistry();
		Gauge.builder(PredictiveMetricNames.SIDECAR_UP, () -> 0).register(failed);
		assertThat(rule.evaluate(failed, 0)).containsExactly(new Breach(Map.of(), 0));
	}

	@Test
	void redisUnavailableHoldsWhenTheConnectionIsClosed() {
		gauge(PredictiveMetricNames.REDIS_CONNECTED, 0);
		gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE, 0);

		assertThat(evaluate(AlertRules.redisUnavailable(Duration.ZERO))).containsExactly(new Breach(Map.of(), 0));
	}

	@Test
	void redisUnavailableHoldsWhenTheCircuitIsOpenThoughConnected() {
		gauge(PredictiveMetricNames.REDIS_CONNECTED, 1);
		gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE, 2);

		assertThat(evaluate(AlertRules.redisUnavailable(Duration.ZERO))).containsExactly(new Breach(Map.of(), 2));
	}

	@Test
	void redisUnavailableHoldsWhileTheCircuitIsHalfOpenThoughConnected() {
		// a Redis slower than the timeout keeps the circuit cycling open, half-open, open
		gauge(PredictiveMetricNames.REDIS_CONNECTED, 1);
		gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE, 1);

		assertThat(evaluate(AlertRules.redisUnavailable(Duration.ZERO))).containsExactly(new Breach(Map.of(), 1));
	}

	@Test
	void redisUnavailableIsQuietWhenClosedAndConnected() {
		gauge(PredictiveMetricNames.REDIS_CONNECTED, 1);
		gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE, 0);

		assertThat(evaluate(AlertRules.redisUnavailable(Duration.ZERO))).isEmpty();
	}

	@Test
	void aGatewayWithoutRedisMetersNeverHasRedisAlerts() {
		assertThat(evaluate(AlertRules.redisUnavailable(Duration.ZERO))).isEmpty();
	}

	@Test
	void usagePublishFailingHoldsWhileAttemptsFailInARow() {
		gauge(PredictiveMetricNames.USAGE_PUBLISH_FAILING, 3);

		assertThat(evaluate(AlertRules.usagePublishFailing(Duration.ZERO))).containsExactly(new Breach(Map.of(), 3));
	}

	@Test
	void usagePublishFailingIsQuietOnceTheForecasterAnswers() {
		gauge(PredictiveMetricNames.USAGE_PUBLISH_FAILING, 0);

		assertThat(evaluate(AlertRules.usagePublishFailing(Duration.ZERO))).isEmpty();
	}

}
