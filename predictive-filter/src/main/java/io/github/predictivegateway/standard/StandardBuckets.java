package io.github.predictivegateway.standard;

import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.ConsumptionProbe;

import io.github.predictivegateway.plan.ResourceType;

/**
 * The ordinary token buckets, one per tenant × resource type, refilled greedily at the
 * plan's {@code rate} up to its {@code burst}, created full on a tenant's first request.
 * Implementations differ in where the buckets live, as Bucket4j's proxy managers do: this
 * instance's memory ({@link LocalStandardBuckets}, completes at once) or a store shared
 * by all instances (Redis, completes later).
 *
 * <p>
 * Implementations never block the caller: a remote store answers through the returned
 * future.
 */
public interface StandardBuckets {

	/**
	 * Takes {@code cost} units from the tenant's bucket for that resource type if it
	 * holds them.
	 * @return Bucket4j's probe: whether it was consumed, what remains and how long until
	 * {@code cost} would fit ({@link Long#MAX_VALUE} nanoseconds when {@code cost}
	 * exceeds the burst and never fits); completed exceptionally with
	 * {@link StoreUnavailableException} when the store cannot answer
	 */
	CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost);

	/**
	 * Gives back {@code units} a request took from the tenant's bucket for that resource
	 * type and did not use (the capacity gate refused it), capped at the bucket's burst:
	 * Bucket4j's {@code addTokens}. Never blocks; nothing is created for a tenant whose
	 * bucket is not held (it would start full anyway).
	 * @return completed once the units are back: at once in memory, later for a remote
	 * store, and exceptionally with {@link StoreUnavailableException} when it could not
	 * take them
	 */
	CompletableFuture<Void> giveBack(String tenant, ResourceType resource, long units);

	/**
	 * Units the tenant could take from its bucket right now, read without taking any and
	 * without creating a bucket for a tenant not seen yet (such a tenant would start with
	 * a full bucket, its burst), for monitoring. Never on the request path.
	 * @return the units available, or {@code -1} when this implementation cannot tell
	 * without a remote call
	 */
	default long peekAvailable(String tenant, ResourceType resource) {
		return -1;
	}

}
