package io.github.predictivegateway.autoconfigure;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceTypes;

/**
 * Turns bound (and already validated) {@link PredictiveProperties} into the engine's
 * immutable configuration.
 */
public final class EngineSettings {

	private EngineSettings() {
	}

	public static ResourceTypes resourceTypes(PredictiveProperties properties) {
		return new ResourceTypes(new LinkedHashMap<>(properties.capacity()));
	}

	public static PlanCatalog planCatalog(PredictiveProperties properties, ResourceTypes resources) {
		Map<String, Map<String, ResourceLimit>> limits = new LinkedHashMap<>();
		properties.plans().forEach((plan, byResource) -> {
			Map<String, ResourceLimit> converted = new LinkedHashMap<>();
			byResource.forEach((resource, limit) -> converted.put(resource, limit.toLimit()));
			limits.put(plan, converted);
		});
		Map<String, String> tenantPlans = new LinkedHashMap<>();
		properties.tenants().forEach((tenant, settings) -> {
			if (settings.plan() != null) {
				tenantPlans.put(tenant, settings.plan());
			}
		});
		return new PlanCatalog(resources, limits, properties.defaultPlan(), tenantPlans);
	}

	public static List<DeclaredPreallocation> declaredPreallocations(PredictiveProperties properties) {
		List<DeclaredPreallocation> declared = new ArrayList<>();
		properties.tenants()
			.forEach((tenant, settings) -> settings.preallocations()
				.forEach(p -> declared.add(new DeclaredPreallocation(tenant, p.resource(), p.units(), p.days(),
						p.from(), p.to(), ZoneId.of(p.zone())))));
		return declared;
	}

}
