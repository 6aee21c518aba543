package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ForecastSnapshotRefused} over {@code predictive.forecast.pull.refusals},
 * registered by the test; window 2 minutes, evaluated every minute.
 */
class IncreaseRuleTests {

	private static final Duration WINDOW = Duration.ofMinutes(2);

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Counter refusals = Counter.builder(PredictiveMetricNames.FORECAST_PULL_REFUSALS)
		.register(this.registry);

	private final AlertRule rule = AlertRules.forecastSnapshotRefused(WINDOW, WINDOW);

	private List<Breach> after(Duration elapsed) {
		this.time.advance(elapsed);
		return this.rule.evaluate(this.registry, this.time.epochNanos());
	}

	@Test
	void holdsWhileTheCounterGrewOverTheWindow() {
		after(Duration.ZERO);
		this.refusals.increment(3);

		assertThat(after(Duration.ofMinutes(1))).containsExactly(new Breach(Map.of(), 3));
	}

	@Test
	void aSingleEventHoldsLessThanAWindowSoItNeverFiresWithForAtLeastTheWindow() {
		after(Duration.ZERO);
		this.refusals.increment();
		assertThat(after(Duration.ofMinutes(1))).hasSize(1);
		assertThat(after(Duration.ofMinutes(1))).hasSize(1);

		assertThat(after(Duration.ofMinutes(1))).as("2 minutes after the first evaluation that saw it").isEmpty();
	}

	@Test
	void eventsThatGoOnKeepItHoldingAndItEndsOneWindowAfterTheLast() {
		after(Duration.ZERO);
		for (int minute = 1; minute <= 4; minute++) {
			this.refusals.increment();
			assertThat(after(Duration.ofMinutes(1))).as("minute %d", minute).hasSize(1);
		}
		assertThat(after(Duration.ofMinutes(1))).hasSize(1);

		assertThat(after(Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void theDescriptionCountsTheRefusalsOverTheWindow() {
		assertThat(this.rule.describe(new Breach(Map.of(), 4)))
			.isEqualTo("4 forecast snapshot(s) refused over the last 2m (not JSON, another step, or over "
					+ "max-snapshot-size)");
	}

	@Test
	void withoutTheCounterNothingHolds() {
		SimpleMeterRegistry empty = new SimpleMeterRegistry();

		assertThat(this.rule.evaluate(empty, 0)).isEmpty();
		assertThat(this.rule.evaluate(empty, WINDOW.toNanos())).isEmpty();
	}

}
