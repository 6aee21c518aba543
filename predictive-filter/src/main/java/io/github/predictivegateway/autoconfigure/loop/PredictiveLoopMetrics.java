package io.github.predictivegateway.autoconfigure.loop;

import java.util.Collection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.UsagePublisher;

/**
 * The predictive loop's meters: forecast staleness and drops, whether the sidecar
 * answers, the adjustment multipliers (as their extremes: a per-tenant tag would be
 * unbounded) and bursts, and usage publishing. All read the engine's own counters when
 * scraped; nothing is added to the request path.
 */
final class PredictiveLoopMetrics implements MeterBinder {

	private final SnapshotForecastSource forecasts;

	private final @Nullable SidecarForecastClient client;

	private final AdjustmentMultipliers adjustment;

	private final UsageAggregator aggregator;

	private final UsagePublisher publisher;

	PredictiveLoopMetrics(SnapshotForecastSource forecasts, @Nullable SidecarForecastClient client,
			AdjustmentMultipliers adjustment, UsageAggregator aggregator, UsagePublisher publisher) {
		this.forecasts = forecasts;
		this.client = client;
		this.adjustment = adjustment;
		this.aggregator = aggregator;
		this.publisher = publisher;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(PredictiveMetricNames.FORECAST_AGE, this.forecasts, PredictiveLoopMetrics::ageSeconds)
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder(PredictiveMetricNames.FORECAST_STALE, this.forecasts, f -> f.isStale() ? 1 : 0)
			.register(registry);
		FunctionCounter
			.builder(PredictiveMetricNames.FORECAST_SERIES_DROPPED, this.forecasts,
					SnapshotForecastSource::seriesDropped)
			.register(registry);
		Gauge.builder(PredictiveMetricNames.SIDECAR_UP, this, PredictiveLoopMetrics::sidecarUp).register(registry);
		if (this.client != null) {
			FunctionCounter
				.builder(PredictiveMetricNames.FORECAST_PULL_FAILURES, this.client, SidecarForecastClient::failures)
				.register(registry);
			FunctionCounter
				.builder(PredictiveMetricNames.FORECAST_PULL_REFUSALS, this.client, SidecarForecastClient::refusals)
				.register(registry);
		}
		Gauge
			.builder(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MAX, this.adjustment,
					a -> extreme(a.multipliers().values(), true))
			.register(registry);
		Gauge
			.builder(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MIN, this.adjustment,
					a -> extreme(a.multipliers().values(), false))
			.register(registry);
		FunctionCounter.builder(PredictiveMetricNames.ADJUSTMENT_BURSTS, this.adjustment, AdjustmentMultipliers::bursts)
			.register(registry);
		FunctionCounter.builder(PredictiveMetricNames.USAGE_PUBLISHED, this.publisher, UsagePublisher::published)
			.register(registry);
		FunctionCounter.builder(PredictiveMetricNames.USAGE_DROPPED, this.publisher, UsagePublisher::dropped)
			.register(registry);
		FunctionCounter.builder(PredictiveMetricNames.USAGE_REJECTED, this.publisher, UsagePublisher::rejected)
			.register(registry);
		Gauge.builder(PredictiveMetricNames.USAGE_BUFFERED, this.publisher, UsagePublisher::buffered)
			.register(registry);
		FunctionCounter.builder(PredictiveMetricNames.USAGE_OVERFLOW, this.aggregator, UsageAggregator::overflowed)
			.register(registry);
	}

	/**
	 * NaN without a sidecar (the embedded forecaster or none): there is nothing to be up
	 * or down.
	 */
	private static double sidecarUp(PredictiveLoopMetrics metrics) {
		SidecarForecastClient client = metrics.client;
		return (client != null) ? client.up() : Double.NaN;
	}

	private static double ageSeconds(SnapshotForecastSource forecasts) {
		long age = forecasts.ageNanos();
		return (age < 0) ? Double.NaN : age / 1e9;
	}

	private static double extreme(Collection<Double> multipliers, boolean max) {
		double extreme = 1.0;
		for (double m : multipliers) {
			extreme = max ? Math.max(extreme, m) : Math.min(extreme, m);
		}
		return extreme;
	}

}
