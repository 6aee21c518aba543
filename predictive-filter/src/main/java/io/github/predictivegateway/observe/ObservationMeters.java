package io.github.predictivegateway.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.metrics.TenantTags;

/**
 * The meters of closed steps, tagged by resource type and the bounded tenant tag: units
 * of pre-allocation granted, used, wasted and lent (counters, incremented once per closed
 * step and series), and the rolling forecast accuracy of {@link ForecastAccuracy}
 * (gauges, registered when a resource type and tag value first has a forecast interval).
 * Per step, never per request.
 */
public final class ObservationMeters implements StepObserver {

	private final MeterRegistry registry;

	private final TenantTags tags;

	private final ForecastAccuracy accuracy;

	private final Set<ForecastAccuracy.AccuracyKey> gauged = ConcurrentHashMap.newKeySet();

	public ObservationMeters(MeterRegistry registry, TenantTags tags, ForecastAccuracy accuracy) {
		this.registry = registry;
		this.tags = tags;
		this.accuracy = accuracy;
	}

	@Override
	public void stepClosed(ClosedStep closed) {
		for (StepObservation observation : closed.observations()) {
			String tenant = this.tags.tagFor(observation.tenant());
			add(PredictiveMetricNames.PREALLOCATION_GRANTED, observation.resource(), tenant, observation.granted());
			add(PredictiveMetricNames.PREALLOCATION_USED, observation.resource(), tenant, observation.used());
			add(PredictiveMetricNames.PREALLOCATION_WASTED, observation.resource(), tenant, observation.wasted());
			add(PredictiveMetricNames.PREALLOCATION_LENT, observation.resource(), tenant, observation.lent());
		}
		for (ForecastAccuracy.AccuracyKey key : this.accuracy.keys()) {
			if (this.gauged.add(key)) {
				Gauge.builder(PredictiveMetricNames.FORECAST_MASE, this.accuracy, a -> a.mase(key))
					.tag(PredictiveMetricNames.RESOURCE, key.resource())
					.tag(PredictiveMetricNames.TENANT, key.tenant())
					.register(this.registry);
				Gauge.builder(PredictiveMetricNames.FORECAST_COVERAGE, this.accuracy, a -> a.coverage(key))
					.tag(PredictiveMetricNames.RESOURCE, key.resource())
					.tag(PredictiveMetricNames.TENANT, key.tenant())
					.register(this.registry);
			}
		}
	}

	private void add(String name, String resource, String tenant, double units) {
		Counter.builder(name)
			.baseUnit("units")
			.tag(PredictiveMetricNames.RESOURCE, resource)
			.tag(PredictiveMetricNames.TENANT, tenant)
			.register(this.registry)
			.increment(units);
	}

}
