package io.github.predictivegateway.usage;

import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.Steps;

/**
 * The most units of refused requests one step's usage record counts as a tenant's demand.
 * Forecasts learn from demand, refused requests included (otherwise a model would learn
 * its own throttling); without a bound, a tenant that hammers the gateway would teach
 * them a reservation of its own making.
 */
@FunctionalInterface
public interface RefusedDemandBound {

	/** Every refused unit counts. */
	RefusedDemandBound NONE = (tenant, resource) -> Long.MAX_VALUE;

	long maxRefusedUnits(String tenant, ResourceType resource);

	/**
	 * What the tenant's standard bucket alone admits in a step,
	 * {@code ⌊burst + rate × step⌋} of its plan in force: refused demand counts up to
	 * once more what the plan allows.
	 */
	static RefusedDemandBound stepAllowance(PlanCatalogs plans, Steps steps) {
		return (tenant, resource) -> plans.get().limitFor(tenant, resource).stepAllowance(steps.lengthSeconds());
	}

}
