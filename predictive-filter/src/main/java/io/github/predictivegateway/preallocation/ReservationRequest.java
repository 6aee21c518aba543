package io.github.predictivegateway.preallocation;

import java.util.Objects;

/**
 * What one tenant asks the ledger to reserve for it in one step of one resource type.
 *
 * @param tenant who asks
 * @param desired units wanted for the step: the forecast's upper bound, capped by the
 * plan's max-preallocation
 * @param weight the plan's share when the ledger is oversubscribed
 */
public record ReservationRequest(String tenant, long desired, double weight) {

	public ReservationRequest {
		Objects.requireNonNull(tenant, "tenant");
		if (desired < 0) {
			throw new IllegalArgumentException("desired reservation cannot be negative, got " + desired);
		}
		if (!(weight > 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("weight must be positive, got " + weight);
		}
	}

}
