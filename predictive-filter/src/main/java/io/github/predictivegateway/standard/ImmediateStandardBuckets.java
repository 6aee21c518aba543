package io.github.predictivegateway.standard;

import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.ConsumptionProbe;

import io.github.predictivegateway.plan.ResourceType;

/**
 * Standard buckets that answer at once, from this instance's memory. The engine asks the
 * tenant's bucket directly, without a future and without allocating:
 * {@link TenantBucket#tryTake} takes the cost or tells what the bucket holds, and only
 * when it did not take the cost {@link TenantBucket#nanosToWait} tells how long a
 * throttled request has to wait.
 */
public interface ImmediateStandardBuckets extends StandardBuckets {

	/**
	 * The tenant's bucket for that resource type, created full on first use, configured
	 * by the plans in force.
	 */
	TenantBucket bucket(String tenant, ResourceType resource);

	/**
	 * Takes {@code cost} units from the tenant's bucket for that resource type if it
	 * holds them; otherwise takes nothing. Allocates nothing once the tenant's bucket
	 * exists.
	 * @return the units left after taking them, or, when the bucket did not hold
	 * {@code cost}, a negative number: {@code -1 - held}, see
	 * {@link #heldWhenRefused(long)}
	 */
	default long tryTake(String tenant, ResourceType resource, long cost) {
		return bucket(tenant, resource).tryTake(cost);
	}

	/**
	 * Takes {@code cost} units from the tenant's bucket for that resource type if it
	 * holds them.
	 * @return Bucket4j's probe: whether it was consumed, what remains and how long until
	 * {@code cost} would fit ({@link Long#MAX_VALUE} nanoseconds when {@code cost}
	 * exceeds the burst and never fits)
	 */
	default ConsumptionProbe tryConsumeNow(String tenant, ResourceType resource, long cost) {
		return bucket(tenant, resource).tryConsume(cost);
	}

	/** Always completed: memory answers at once. */
	@Override
	default CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
		return CompletableFuture.completedFuture(tryConsumeNow(tenant, resource, cost));
	}

	/**
	 * The units a bucket held when {@link TenantBucket#tryTake} refused, from its
	 * negative answer {@code refused = -1 - held}.
	 */
	static long heldWhenRefused(long refused) {
		return -1 - refused;
	}

	/** One tenant's bucket for one resource type, found once per decision. */
	interface TenantBucket {

		/**
		 * Takes {@code cost} units if the bucket holds them.
		 * @return the units left after taking them; or, when the bucket holds fewer than
		 * {@code cost} (nothing is taken), {@code -1 - held}, always negative, with
		 * {@code held} the units it holds
		 */
		long tryTake(long cost);

		/**
		 * Nanoseconds from now until the bucket would hold {@code cost}, nothing taken: 0
		 * when it does now, {@link Long#MAX_VALUE} when {@code cost} exceeds the burst
		 * and never fits. The same figure as Bucket4j's probe, without the probe.
		 */
		long nanosToWait(long cost);

		/**
		 * Bucket4j's probe for taking {@code cost}: consumed or not, what remains, the
		 * wait until it would fit.
		 */
		ConsumptionProbe tryConsume(long cost);

	}

}
