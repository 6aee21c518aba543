package io.github.predictivegateway.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class AdjustmentMultiplierMetersTests {

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	AdjustmentMultiplierMetersTests() {
		Map<String, Double> capacities = new LinkedHashMap<>();
		capacities.put("db", 100.0);
		capacities.put("requests", 1000.0);
		new AdjustmentMultiplierMeters(this.adjustment, TenantTags.of(List.of("acme", "globex")),
				new ResourceTypes(capacities))
			.bindTo(this.registry);
	}

	private double multiplier(String tenant, String resource) {
		return this.registry.get(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER)
			.tags(PredictiveMetricNames.TENANT, tenant, PredictiveMetricNames.RESOURCE, resource)
			.gauge()
			.value();
	}

	@Test
	void aListedTenantsMultiplierFollowsItsAdjustment() {
		SeriesKey acmeDb = new SeriesKey("acme", "db");
		this.adjustment.expect(0, Map.of(acmeDb, new Forecast(5, 2, 10)));
		this.adjustment.observe(0, Map.of(acmeDb, 50.0));

		assertThat(multiplier("acme", "db")).isEqualTo(1.25);
		assertThat(multiplier("acme", "requests")).isEqualTo(1.0);
	}

	@Test
	void onlyListedTenantsHaveSeriesOnePerResourceType() {
		SeriesKey initechDb = new SeriesKey("initech", "db");
		this.adjustment.expect(0, Map.of(initechDb, new Forecast(5, 2, 10)));
		this.adjustment.observe(0, Map.of(initechDb, 50.0));

		// 2 listed tenants x 2 resource types
		assertThat(this.registry.find(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER).gauges()).hasSize(4);
		assertThat(this.registry.find(PredictiveMetricNames.ADJUSTMENT_MULTIPLIER)
			.tag(PredictiveMetricNames.TENANT, "initech")
			.gauges()).isEmpty();
	}

}
