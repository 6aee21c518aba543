package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting round and its meters, with {@code ForecastStale} ({@code for: 1m}) and a
 * notifier of the test.
 */
class AlertCycleTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<Double> stale = new AtomicReference<>(1.0);

	private final AlertEvaluator evaluator = new AlertEvaluator(
			List.of(AlertRules.forecastStale(Duration.ofMinutes(1))), this.registry, this.time, Duration.ofMinutes(5),
			Map.of());

	AlertCycleTests() {
		Gauge.builder(PredictiveMetricNames.FORECAST_STALE, this.stale, AtomicReference::get).register(this.registry);
	}

	private Boolean tickAfter(AlertCycle cycle, Duration elapsed) {
		this.time.advance(elapsed);
		return cycle.tick().block(Duration.ofSeconds(5));
	}

	@Test
	void nothingIsSentWhileNoAlertIsDue() {
		List<List<Alert>> sent = new ArrayList<>();
		AlertCycle cycle = new AlertCycle(this.evaluator, alerts -> {
			sent.add(alerts);
			return Mono.just(true);
		});

		assertThat(tickAfter(cycle, Duration.ZERO)).isNull();
		assertThat(sent).isEmpty();
	}

	@Test
	void theFiringGaugeCountsFiringAlertsPerRule() {
		AlertCycle cycle = new AlertCycle(this.evaluator, alerts -> Mono.just(true));
		AlertMeters.register(cycle, this.registry);
		tickAfter(cycle, Duration.ZERO);
		double pending = this.registry.get(PredictiveMetricNames.ALERTS_FIRING)
			.tag("alertname", "ForecastStale")
			.gauge()
			.value();

		assertThat(tickAfter(cycle, Duration.ofMinutes(1))).isTrue();
		assertThat(pending).isZero();
		assertThat(this.registry.get(PredictiveMetricNames.ALERTS_FIRING)
			.tag("alertname", "ForecastStale")
			.gauge()
			.value()).isEqualTo(1);
	}

	@Test
	void aNotificationGivenUpIsCountedAsAFailure() {
		AlertCycle cycle = new AlertCycle(this.evaluator, alerts -> Mono.just(false));
		AlertMeters.register(cycle, this.registry);
		tickAfter(cycle, Duration.ZERO);

		assertThat(tickAfter(cycle, Duration.ofMinutes(1))).isFalse();
		assertThat(this.registry.get(PredictiveMetricNames.ALERTS_NOTIFICATION_FAILURES).functionCounter().count())
			.isEqualTo(1);
	}

	@Test
	void aResolutionWaitsForTheFiringNotificationBeforeIt() {
		Sinks.One<Boolean> firstDelivery = Sinks.one();
		List<Boolean> resolvedFlags = new ArrayList<>();
		AlertCycle cycle = new AlertCycle(this.evaluator, alerts -> {
			synchronized (resolvedFlags) {
				resolvedFlags.add(alerts.get(0).resolved());
			}
			return alerts.get(0).resolved() ? Mono.just(true) : firstDelivery.asMono();
		});
		tickAfter(cycle, Duration.ZERO);
		this.time.advance(Duration.ofMinutes(1));
		Mono<Boolean> firing = cycle.tick().cache();
		firing.subscribe();
		this.stale.set(0.0);
		this.time.advance(Duration.ofMinutes(1));
		Mono<Boolean> resolved = cycle.tick().cache();
		resolved.subscribe();

		assertThat(resolvedFlags).containsExactly(false);
		firstDelivery.tryEmitValue(true);
		assertThat(resolved.block(Duration.ofSeconds(5))).isTrue();
		assertThat(resolvedFlags).containsExactly(false, true);
	}

}
