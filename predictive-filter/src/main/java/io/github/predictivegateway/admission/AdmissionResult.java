package io.github.predictivegateway.admission;

import io.github.predictivegateway.plan.ResourceLimit;

/**
 * What the tenant stage decided for one request.
 *
 * <p>
 * Its size is the allocation of a decision (56 bytes with compressed references): the
 * {@code Retry-After} of a throttled request is the same figure as its
 * {@code resetSeconds}, so it is derived rather than held, and its room holds the step a
 * pre-allocated request was served in, which {@link AdmissionEngine#refund} needs.
 *
 * @param decision {@link Decision#PREALLOCATED}, {@link Decision#STANDARD} or
 * {@link Decision#THROTTLED}
 * @param cost units the request takes
 * @param remaining units left, after this request, in what served it (the shadow bucket
 * for a pre-allocated request, the standard bucket otherwise)
 * @param step for a pre-allocated request, the step whose shadow bucket served it;
 * {@link #NO_STEP} otherwise
 * @param resetSeconds whole seconds until what served the request is renewed: the
 * standard bucket full again, or the shadow bucket replaced at the step's end; for a
 * throttled request, whole seconds until it could succeed (at least 1), its
 * {@link #retryAfterSeconds()}
 * @param planName the tenant's plan
 * @param limit the plan's limits for the resource type
 */
public record AdmissionResult(Decision decision, long cost, long remaining, long step, long resetSeconds,
		String planName, ResourceLimit limit) {

	/** The {@link #step()} of a request not served by a shadow bucket. */
	public static final long NO_STEP = Long.MIN_VALUE;

	public boolean admitted() {
		return this.decision.admitted();
	}

	/**
	 * For a throttled request, whole seconds until it could succeed (at least 1); 0
	 * otherwise.
	 */
	public long retryAfterSeconds() {
		return (this.decision == Decision.THROTTLED) ? this.resetSeconds : 0;
	}

}
