package io.github.predictivegateway.plan;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which plan applies to which tenant. A tenant that is not listed gets the default plan,
 * so unknown tenant ids are limited like any anonymous client, never unlimited. A plan
 * that leaves a resource type out inherits the default plan's limit for it; the default
 * plan must therefore cover every declared resource type.
 */
public final class PlanCatalog {

	private final ResourceTypes resources;

	private final Map<String, Plan> plans;

	private final Plan defaultPlan;

	private final Map<String, Plan> tenantPlans;

	/**
	 * @param resources the declared resource types
	 * @param limits per plan name, per resource type name, the limits
	 * @param defaultPlan the plan of tenants not listed in {@code tenantPlans}
	 * @param tenantPlans per tenant id (in any Unicode normalization form: it is made
	 * {@linkplain TenantIds#canonical canonical}), its plan name
	 */
	public PlanCatalog(ResourceTypes resources, Map<String, Map<String, ResourceLimit>> limits, String defaultPlan,
			Map<String, String> tenantPlans) {
		this.resources = resources;
		Map<String, ResourceLimit> defaults = limits.get(defaultPlan);
		if (defaults == null) {
			throw new IllegalArgumentException(
					"default plan '" + defaultPlan + "' is not defined; plans are " + limits.keySet());
		}
		for (ResourceType type : resources.all()) {
			if (!defaults.containsKey(type.name())) {
				throw new IllegalArgumentException("default plan '" + defaultPlan
						+ "' must set limits for every resource type; it has none for '" + type.name() + "'");
			}
		}
		Map<String, Plan> built = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, ResourceLimit>> plan : limits.entrySet()) {
			ResourceLimit[] array = new ResourceLimit[resources.size()];
			for (Map.Entry<String, ResourceLimit> limit : plan.getValue().entrySet()) {
				array[resources.get(limit.getKey()).index()] = limit.getValue();
			}
			for (ResourceType type : resources.all()) {
				if (array[type.index()] == null) {
					array[type.index()] = defaults.get(type.name());
				}
			}
			built.put(plan.getKey(), new Plan(plan.getKey(), array));
		}
		this.plans = Collections.unmodifiableMap(built);
		this.defaultPlan = built.get(defaultPlan);
		Map<String, Plan> tenants = new HashMap<>();
		for (Map.Entry<String, String> tenant : tenantPlans.entrySet()) {
			Plan plan = built.get(tenant.getValue());
			if (plan == null) {
				throw new IllegalArgumentException("tenant '" + tenant.getKey() + "' has unknown plan '"
						+ tenant.getValue() + "'; plans are " + built.keySet());
			}
			tenants.put(TenantIds.canonical(tenant.getKey()), plan);
		}
		this.tenantPlans = tenants;
	}

	/**
	 * The plan of {@code tenant}, an id in {@linkplain TenantIds#canonical canonical
	 * form}.
	 */
	public Plan planFor(String tenant) {
		return this.tenantPlans.getOrDefault(tenant, this.defaultPlan);
	}

	public ResourceLimit limitFor(String tenant, ResourceType resource) {
		return planFor(tenant).limit(resource);
	}

	public Plan defaultPlan() {
		return this.defaultPlan;
	}

	public Map<String, Plan> plans() {
		return this.plans;
	}

	public ResourceTypes resources() {
		return this.resources;
	}

}
