package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert state machine on {@code ForecastCoverageLow} (threshold 0.8,
 * {@code for: 10m}, repeat 5m), with the coverage gauges registered by the test and time
 * moved by hand.
 */
class AlertEvaluatorTests {

	private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(T0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<Double> db = coverage("db", "acme");

	private final AlertEvaluator evaluator = new AlertEvaluator(
			List.of(AlertRules.forecastCoverageLow(Duration.ofMinutes(10), 0.8)), this.registry, this.time,
			Duration.ofMinutes(5), Map.of());

	private AtomicReference<Double> coverage(String resource, String tenant) {
		AtomicReference<Double> value = new AtomicReference<>(0.95);
		Gauge.builder(PredictiveMetricNames.FORECAST_COVERAGE, value, AtomicReference::get)
			.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.TENANT, tenant)
			.register(this.registry);
		return value;
	}

	private List<Alert> after(Duration elapsed) {
		this.time.advance(elapsed);
		return this.evaluator.evaluate();
	}

	@Test
	void aConditionHeldShorterThanForSendsNothing() {
		this.db.set(0.5);
		assertThat(this.evaluator.evaluate()).isEmpty();
		assertThat(after(Duration.ofMinutes(9))).isEmpty();
		assertThat(this.evaluator.firing(AlertRules.FORECAST_COVERAGE_LOW)).isZero();
	}

	@Test
	void aConditionHeldForForFiresOneAlertStartingWhenItBecamePending() {
		this.db.set(0.5);
		this.evaluator.evaluate();

		List<Alert> sent = after(Duration.ofMinutes(10));

		assertThat(sent).hasSize(1);
		Alert alert = sent.get(0);
		assertThat(alert.labels()).isEqualTo(
				Map.of("alertname", "ForecastCoverageLow", "severity", "warning", "resource", "db", "tenant", "acme"));
		assertThat(alert.annotations()).containsEntry("description",
				"predictive.forecast.coverage < 0.8 (value 0.5, resource=db, tenant=acme)");
		assertThat(alert.startsAt()).isEqualTo(T0);
		assertThat(alert.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10 + 4 * 5)));
		assertThat(alert.resolved()).isFalse();
		assertThat(this.evaluator.firing(AlertRules.FORECAST_COVERAGE_LOW)).isEqualTo(1);
	}

	@Test
	void aFiringAlertIsSentAgainOnlyOnceARepeatIntervalPassed() {
		this.db.set(0.5);
		this.evaluator.evaluate();
		after(Duration.ofMinutes(10));

		assertThat(after(Duration.ofMinutes(4))).isEmpty();
		List<Alert> repeated = after(Duration.ofMinutes(1));

		assertThat(repeated).extracting(Alert::startsAt).containsExactly(T0);
		assertThat(repeated).extracting(Alert::endsAt).containsExactly(T0.plus(Duration.ofMinutes(15 + 20)));
	}

	@Test
	void aFiringAlertWhoseConditionEndedIsSentOnceResolvedWithEndsAtThatEvaluation() {
		this.db.set(0.5);
		this.evaluator.evaluate();
		after(Duration.ofMinutes(10));
		this.db.set(0.9);

		List<Alert> sent = after(Duration.ofMinutes(1));

		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).resolved()).isTrue();
		assertThat(sent.get(0).startsAt()).isEqualTo(T0);
		assertThat(sent.get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
		assertThat(after(Duration.ofMinutes(10))).isEmpty();
		assertThat(this.evaluator.firing(AlertRules.FORECAST_COVERAGE_LOW)).isZero();
	}

	@Test
	void aPendingAlertWhoseConditionEndedIsForgottenWithoutANotification() {
		this.db.set(0.5);
		this.evaluator.evaluate();
		this.db.set(0.9);
		assertThat(after(Duration.ofMinutes(5))).isEmpty();
		this.db.set(0.5);
		assertThat(after(Duration.ZERO)).isEmpty();

		assertThat(after(Duration.ofMinutes(9))).isEmpty();
		assertThat(after(Duration.ofMinutes(1))).extracting(Alert::startsAt)
			.containsExactly(T0.plus(Duration.ofMinutes(5)));
	}

	@Test
	void eachLabelSetIsAnAlertOfItsOwn() {
		AtomicReference<Double> compute = coverage("compute", "acme");
		this.db.set(0.5);
		this.evaluator.evaluate();
		compute.set(0.6);
		after(Duration.ofMinutes(5));

		assertThat(after(Duration.ofMinutes(5))).extracting(a -> a.labels().get("resource")).containsExactly("db");
		assertThat(after(Duration.ofMinutes(5))).extracting(a -> a.labels().get("resource"))
			.containsExactlyInAnyOrder("compute", "db");
		assertThat(this.evaluator.firing(AlertRules.FORECAST_COVERAGE_LOW)).isEqualTo(2);
	}

	@Test
	void aNaNGaugeBreaksNoCondition() {
		this.db.set(Double.NaN);
		this.evaluator.evaluate();
		assertThat(after(Duration.ofMinutes(10))).isEmpty();
	}

	@Test
	void aRuleThatFailsKeepsItsAlertsFiring() {
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		AlertRule coverage = AlertRules.forecastCoverageLow(Duration.ZERO, 0.8);
		AlertRule flaky = new AlertRule() {
			@Override
			public List<Breach> evaluate(MeterRegistry registry, long nowNanos) {
				if (failure.get() != null) {
					throw failure.get();
				}
				return coverage.evaluate(registry, nowNanos);
			}

			@Override
			public String name() {
				return coverage.name();
			}

			@Override
			public String severity() {
				return coverage.severity();
			}

			@Override
			public Duration forDuration() {
				return coverage.forDuration();
			}

			@Override
			public String summary() {
				return coverage.summary();
			}

			@Override
			public String describe(Breach breach) {
				return coverage.describe(breach);
			}
		};
		AlertEvaluator evaluator = new AlertEvaluator(List.of(flaky), this.registry, this.time, Duration.ofMinutes(5),
				Map.of());
		this.db.set(0.5);
		assertThat(evaluator.evaluate()).hasSize(1);
		failure.set(new IllegalStateException("registry gone"));

		this.time.advance(Duration.ofMinutes(1));
		assertThat(evaluator.evaluate()).isEmpty();
		assertThat(evaluator.firing(AlertRules.FORECAST_COVERAGE_LOW)).isEqualTo(1);
	}

	@Test
	void configuredLabelsAreAddedToEveryAlertAndTheRulesOwnWin() {
		AlertEvaluator evaluator = new AlertEvaluator(List.of(AlertRules.forecastCoverageLow(Duration.ZERO, 0.8)),
				this.registry, this.time, Duration.ofMinutes(5), Map.of("cluster", "eu-1", "tenant", "ignored"));
		this.db.set(0.5);

		assertThat(evaluator.evaluate().get(0).labels()).containsEntry("cluster", "eu-1")
			.containsEntry("tenant", "acme");
	}

}
