package io.github.predictivegateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The {@value PredictiveMetricNames#ADJUSTMENT_MULTIPLIER} gauge: the adjustment
 * multiplier of each listed tenant ({@link TenantTags}) per resource type, read when
 * scraped. Unlisted tenants have no series of their own: their extremes are in
 * {@value PredictiveMetricNames#ADJUSTMENT_MULTIPLIER_MAX} and
 * {@value PredictiveMetricNames#ADJUSTMENT_MULTIPLIER_MIN}. Series: listed tenants ×
 * resource types.
 */
public record AdjustmentMultiplierMeters(AdjustmentMultipliers adjustment, TenantTags tenants,
		ResourceTypes resources) implements MeterBinder {

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String tenant : this.tenants.listed()) {
			for (ResourceType resource : this.resources.all()) {
				SeriesKey series = new SeriesKey(tenant, resource.name());
				Gauge.builder(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER, this.adjustment, a -> a.multiplier(series))
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.tag(PredictiveMetricNames.TENANT, tenant)
					.register(registry);
			}
		}
	}

}
