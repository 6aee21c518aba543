package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.ForecastTable;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsagePublisher;
import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class PredictiveLoopMetricsTests {

	private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private final ManualTimeSource time = new ManualTimeSource(T0);

	private final SnapshotForecastSource forecasts = new SnapshotForecastSource(this.time, Duration.ofMinutes(3), 4);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);

	private boolean sidecarDown;

	private final UsagePublisher publisher = new UsagePublisher("gw",
			(i, r) -> this.sidecarDown ? Mono.error(new IllegalStateException("sidecar down"))
					: Mono.just(UsageSink.Result.ACCEPTED),
			10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime, () -> 0.0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	PredictiveLoopMetricsTests() {
		new PredictiveLoopMetrics(this.forecasts, null, this.adjustment, new UsageAggregator(
				new Steps(Duration.ofMinutes(1)), this.time, new ResourceTypes(Map.of("db", 1.0)), 10), this.publisher)
			.bindTo(this.registry);
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	@Test
	void forecastAgeAndStalenessFollowTheLastContact() {
		assertThat(gauge(PredictiveMetricNames.FORECAST_STALE)).isEqualTo(1);
		this.forecasts.accept(
				new ForecastSnapshotReader.Result(new ForecastTable(T0, Duration.ofMinutes(1), Map.of()), List.of()));
		this.time.advance(Duration.ofSeconds(90));

		assertThat(gauge(PredictiveMetricNames.FORECAST_AGE)).isEqualTo(90.0);
		assertThat(gauge(PredictiveMetricNames.FORECAST_STALE)).isZero();
	}

	@Test
	void theMultipliersExtremesAndBurstsAreExported() {
		this.adjustment.expect(0, Map.of(ACME, new Forecast(5, 2, 10)));
		this.adjustment.observe(0, Map.of(ACME, 50.0));

		assertThat(gauge(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MAX)).isEqualTo(1.25);
		assertThat(gauge(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MIN)).isEqualTo(1.0);
		assertThat(this.registry.get(PredictiveMetricNames.ADJUSTMENT_BURSTS).functionCounter().count()).isEqualTo(1);
	}

	@Test
	void sidecarUpIsNotANumberWithoutASidecar() {
		assertThat(gauge(PredictiveMetricNames.SIDECAR_UP)).isNaN();
	}

	@Test
	void publishingFailuresAreCountedAndTheFailuresInARowAreAGauge() {
		this.sidecarDown = true;
		this.publisher.offer(List.of(new StepUsage("acme", "db", T0, 1, 1, 0, 0, 1, 0, 0, 0)));

		this.publisher.flush().block();

		assertThat(this.registry.get(PredictiveMetricNames.USAGE_PUBLISH_FAILURES).functionCounter().count())
			.isEqualTo(1);
		assertThat(gauge(PredictiveMetricNames.USAGE_PUBLISH_FAILING)).isEqualTo(1);
		assertThat(gauge(PredictiveMetricNames.USAGE_BUFFERED)).isEqualTo(1);
	}

}
