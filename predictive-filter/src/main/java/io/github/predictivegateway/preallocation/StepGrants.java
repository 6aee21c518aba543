package io.github.predictivegateway.preallocation;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.predictivegateway.plan.ResourceType;

/**
 * The shadow buckets of one step: per tenant, one per resource type it was granted
 * something for. The buckets inside are spent concurrently; a tenant granted nothing
 * ahead of the step may get a bucket within it ({@link #add}, a top-up).
 */
public final class StepGrants {

	private final long step;

	private final int resourceCount;

	private final Map<String, ShadowBucket[]> byTenant;

	private StepGrants(long step, int resourceCount, Map<String, ShadowBucket[]> byTenant) {
		this.step = step;
		this.resourceCount = resourceCount;
		this.byTenant = byTenant;
	}

	public static StepGrants empty(long step, int resourceCount) {
		return new StepGrants(step, resourceCount, new ConcurrentHashMap<>());
	}

	public long step() {
		return this.step;
	}

	/**
	 * The tenant's shadow bucket for that resource type in this step, or {@code null} if
	 * nothing was granted.
	 */
	public ShadowBucket shadowBucket(String tenant, ResourceType resource) {
		ShadowBucket[] buckets = this.byTenant.get(tenant);
		return (buckets != null) ? buckets[resource.index()] : null;
	}

	/** Sum of the grants for a resource type in this step. */
	public long totalGranted(ResourceType resource) {
		long total = 0;
		for (ShadowBucket[] buckets : this.byTenant.values()) {
			ShadowBucket bucket = buckets[resource.index()];
			if (bucket != null) {
				total += bucket.granted();
			}
		}
		return total;
	}

	/**
	 * The pool of a resource type in this step: the units of its reservable capacity no
	 * grant holds, {@code ⌊reservableFraction × capacity × stepSeconds⌋ − Σ grants}
	 * (capacity nobody reserved or was topped up with).
	 */
	public long unreserved(ResourceType resource, double reservableFraction, double stepSeconds) {
		return resource.reservableUnits(reservableFraction, stepSeconds) - totalGranted(resource);
	}

	public Map<String, ShadowBucket[]> byTenant() {
		return Collections.unmodifiableMap(this.byTenant);
	}

	/**
	 * Puts a new shadow bucket holding {@code units} in place for a tenant that has none
	 * for {@code resource} in this step (a top-up within the step), and returns it; the
	 * tenant's existing bucket, unchanged, if it has one. The tenant's array is replaced,
	 * not written in place, so a request that reads it sees either the old array or the
	 * new one, whole.
	 */
	public ShadowBucket add(String tenant, ResourceType resource, ShadowBucket bucket) {
		ShadowBucket[] buckets = this.byTenant.compute(tenant, (t, old) -> {
			if (old != null && old[resource.index()] != null) {
				return old;
			}
			ShadowBucket[] copy = (old != null) ? old.clone() : new ShadowBucket[this.resourceCount];
			copy[resource.index()] = bucket;
			return copy;
		});
		return buckets[resource.index()];
	}

	static Builder builder(long step, int resourceCount) {
		return new Builder(step, resourceCount, ShadowBucketFactory.LOCAL);
	}

	static Builder builder(long step, int resourceCount, ShadowBucketFactory factory) {
		return new Builder(step, resourceCount, factory);
	}

	static final class Builder {

		private final long step;

		private final int resourceCount;

		private final Map<String, ShadowBucket[]> byTenant = new HashMap<>();

		private final ShadowBucketFactory factory;

		private Builder(long step, int resourceCount, ShadowBucketFactory factory) {
			this.step = step;
			this.resourceCount = resourceCount;
			this.factory = factory;
		}

		Builder grant(String tenant, ResourceType resource, long units) {
			if (units > 0) {
				this.byTenant.computeIfAbsent(tenant, t -> new ShadowBucket[this.resourceCount])[resource
					.index()] = this.factory.create(this.step, tenant, resource, units);
			}
			return this;
		}

		StepGrants build() {
			return new StepGrants(this.step, this.resourceCount, new ConcurrentHashMap<>(this.byTenant));
		}

	}

}
