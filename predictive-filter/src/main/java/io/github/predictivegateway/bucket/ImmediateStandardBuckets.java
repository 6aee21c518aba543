package io.github.predictivegateway.bucket;

import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.ConsumptionProbe;
import io.github.predictivegateway.plan.ResourceType;

/**
 * Standard buckets that answer at once, from this instance's memory. The engine asks the tenant's bucket directly,
 * without a future: {@link TenantBucket#tryTake} first, which allocates nothing, and only when the bucket does not
 * hold the cost {@link TenantBucket#tryConsume}, whose probe carries the wait a throttled request is told about.
 */
public interface ImmediateStandardBuckets extends StandardBuckets {

	/** The tenant's bucket for that resource type, created full on first use, configured by the plans in force. */
	TenantBucket bucket(String tenant, ResourceType resource);

	/**
	 * Takes {@code cost} units from the tenant's bucket for that resource type if it holds them; otherwise takes
	 * nothing. Allocates nothing once the tenant's bucket exists.
	 * @return the units left after taking them, or {@code -1} when the bucket did not hold {@code cost}
	 */
	default long tryTake(String tenant, ResourceType resource, long cost) {
		return bucket(tenant, resource).tryTake(cost);
	}

	/**
	 * Takes {@code cost} units from the tenant's bucket for that resource type if it holds them.
	 * @return Bucket4j's probe: whether it was consumed, what remains and how long until {@code cost} would fit
	 * ({@link Long#MAX_VALUE} nanoseconds when {@code cost} exceeds the burst and never fits)
	 */
	default ConsumptionProbe tryConsumeNow(String tenant, ResourceType resource, long cost) {
		return bucket(tenant, resource).tryConsume(cost);
	}

	/** Always completed: memory answers at once. */
	@Override
	default CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
		return CompletableFuture.completedFuture(tryConsumeNow(tenant, resource, cost));
	}

	/** One tenant's bucket for one resource type, found once per decision. */
	interface TenantBucket {

		/** Units left after taking {@code cost}, or {@code -1} when the bucket does not hold them (nothing taken). */
		long tryTake(long cost);

		/** Bucket4j's probe for taking {@code cost}: consumed or not, what remains, the wait until it would fit. */
		ConsumptionProbe tryConsume(long cost);

	}

}
