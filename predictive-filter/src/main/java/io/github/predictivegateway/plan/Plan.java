package io.github.predictivegateway.plan;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named set of limits, one per resource type. Built by {@link PlanCatalog}, which fills
 * the resource types a plan leaves out with the default plan's limits, so
 * {@link #limit(ResourceType)} is never {@code null}.
 */
public final class Plan {

	private final String name;

	private final ResourceLimit[] limits;

	Plan(String name, ResourceLimit[] limits) {
		this.name = Objects.requireNonNull(name, "name");
		this.limits = limits.clone();
		for (int i = 0; i < this.limits.length; i++) {
			Objects.requireNonNull(this.limits[i], () -> "plan '" + name + "' has no limit for resource index");
		}
	}

	public String name() {
		return this.name;
	}

	public ResourceLimit limit(ResourceType resource) {
		return this.limits[resource.index()];
	}

	@Override
	public String toString() {
		return "Plan[" + this.name + ", " + Arrays.toString(this.limits) + "]";
	}

}
