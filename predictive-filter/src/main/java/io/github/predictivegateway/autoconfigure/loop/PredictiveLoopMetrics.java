package io.github.predictivegateway.autoconfigure.loop;

import java.util.function.ToDoubleFunction;

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
record PredictiveLoopMetrics(SnapshotForecastSource forecasts, @Nullable SidecarForecastClient client,
		AdjustmentMultipliers adjustment, UsageAggregator aggregator, UsagePublisher publisher) implements MeterBinder {

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(PredictiveMetricNames.FORECAST_AGE, this.forecasts, PredictiveLoopMetrics::ageSeconds)
			.baseUnit("seconds")
			.register(registry);
		gauge(registry, PredictiveMetricNames.FORECAST_STALE, this.forecasts, f -> f.isStale() ? 1 : 0);
		counter(registry, PredictiveMetricNames.FORECAST_SERIES_DROPPED, this.forecasts,
				SnapshotForecastSource::seriesDropped);
		gauge(registry, PredictiveMetricNames.SIDECAR_UP, this, PredictiveLoopMetrics::sidecarUp);
		if (this.client != null) {
			counter(registry, PredictiveMetricNames.FORECAST_PULL_FAILURES, this.client,
					SidecarForecastClient::failures);
			counter(registry, PredictiveMetricNames.FORECAST_PULL_REFUSALS, this.client,
					SidecarForecastClient::refusals);
		}
		gauge(registry, PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MAX, this.adjustment,
				AdjustmentMultipliers::highest);
		gauge(registry, PredictiveMetricNames.ADJUSTMENT_MULTIPLIER_MIN, this.adjustment,
				AdjustmentMultipliers::lowest);
		counter(registry, PredictiveMetricNames.ADJUSTMENT_BURSTS, this.adjustment, AdjustmentMultipliers::bursts);
		counter(registry, PredictiveMetricNames.USAGE_PUBLISHED, this.publisher, UsagePublisher::published);
		counter(registry, PredictiveMetricNames.USAGE_DROPPED, this.publisher, UsagePublisher::dropped);
		counter(registry, PredictiveMetricNames.USAGE_REJECTED, this.publisher, UsagePublisher::rejected);
		gauge(registry, PredictiveMetricNames.USAGE_BUFFERED, this.publisher, UsagePublisher::buffered);
		counter(registry, PredictiveMetricNames.USAGE_PUBLISH_FAILURES, this.publisher, UsagePublisher::failures);
		gauge(registry, PredictiveMetricNames.USAGE_PUBLISH_FAILING, this.publisher, UsagePublisher::failing);
		counter(registry, PredictiveMetricNames.USAGE_OVERFLOW, this.aggregator, UsageAggregator::overflowed);
	}

	private static <T> void gauge(MeterRegistry registry, String name, T source, ToDoubleFunction<T> value) {
		Gauge.builder(name, source, value).register(registry);
	}

	private static <T> void counter(MeterRegistry registry, String name, T source, ToDoubleFunction<T> count) {
		FunctionCounter.builder(name, source, count).register(registry);
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

}
