package io.github.predictivegateway.admission;

import io.github.predictivegateway.plan.ResourceLimit;

/**
 * What the tenant stage decided for one request.
 *
 * @param decision {@link Decision#PREALLOCATED}, {@link Decision#STANDARD} or {@link Decision#THROTTLED}
 * @param cost units the request takes
 * @param remaining units left, after this request, in what served it (the shadow bucket for a pre-allocated
 * request, the standard bucket otherwise)
 * @param retryAfterSeconds for a throttled request, whole seconds until it could succeed (at least 1); 0 otherwise
 * @param resetSeconds whole seconds until what served the request is renewed: the standard bucket full again, or
 * the shadow bucket replaced at the step's end; for a throttled request, the same as {@code retryAfterSeconds}
 * @param planName the tenant's plan
 * @param limit the plan's limits for the resource type
 */
public record AdmissionResult(Decision decision, long cost, long remaining, long retryAfterSeconds, long resetSeconds,
		String planName,
		ResourceLimit limit) {

	public boolean admitted() {
		return this.decision.admitted();
	}

}
