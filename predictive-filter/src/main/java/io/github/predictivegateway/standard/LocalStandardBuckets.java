package io.github.predictivegateway.standard;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.TimeSource;

/**
 * The ordinary token buckets in this instance's memory: one Bucket4j bucket per tenant ×
 * resource type, refilled greedily at the plan's {@code rate} up to its {@code burst},
 * created full on a tenant's first request.
 *
 * <p>
 * Tenants live in a bounded LRU (Caffeine, {@code maxTenants} entries), so a flood of
 * made-up tenant ids cannot grow memory without limit. An evicted tenant comes back with
 * a full bucket: the price of the bound, and the reason the bound should exceed the
 * number of tenants active within one {@code burst / rate} window.
 *
 * <p>
 * Each bucket is Bucket4j's bucket state and arithmetic behind a monitor of our own
 * ({@link GuardedBucket}): one lock round takes the units and reads what is left, and a
 * refused request learns its wait from the same state without a probe. Bucket4j's default
 * lock-free bucket copies its state on every consumption (an allocation per request); its
 * {@code SYNCHRONIZED} bucket would add a lock object of its own per bucket, and measured
 * about 250 ns more per standard decision over 100,000 tenants (another object to fetch
 * from memory), plus a second lock round to read what is left. The monitor is held for a
 * few arithmetic steps on one tenant's bucket and is rarely contended.
 */
public final class LocalStandardBuckets implements ImmediateStandardBuckets {

	private final Cache<String, TenantBuckets> tenants;

	private final PlanCatalogs plans;

	private final TimeSource time;

	private final Function<String, TenantBuckets> newTenant = this::newTenant;

	private final double share;

	public LocalStandardBuckets(PlanCatalog plans, TimeSource time, long maxTenants) {
		this(PlanCatalogs.of(plans), time, maxTenants, 1.0);
	}

	public LocalStandardBuckets(PlanCatalog plans, TimeSource time, long maxTenants, double share) {
		this(PlanCatalogs.of(plans), time, maxTenants, share);
	}

	/**
	 * Buckets at a share of each plan's limits: {@code rate × share} units/s up to
	 * {@code max(1, ceil(burst × share))} units. Distributed mode's fail-open fallback
	 * uses {@code share = 1 / expected instances}, so that all instances together stay
	 * near the plan while the shared store is down.
	 * @param share within (0, 1]
	 */
	public LocalStandardBuckets(PlanCatalogs plans, TimeSource time, long maxTenants, double share) {
		if (maxTenants < 1) {
			throw new IllegalArgumentException("max tenants must be at least 1, got " + maxTenants);
		}
		if (!(share > 0 && share <= 1)) {
			throw new IllegalArgumentException("share must be within (0, 1], got " + share);
		}
		this.share = share;
		this.plans = plans;
		this.time = time;
		this.tenants = Caffeine.newBuilder().maximumSize(maxTenants).executor(Runnable::run).build();
	}

	@Override
	public TenantBucket bucket(String tenant, ResourceType resource) {
		ResourceLimit limit = this.plans.get().limitFor(tenant, resource);
		return this.tenants.get(tenant, this.newTenant).bucket(resource, limit).bucket;
	}

	/** Units the tenant could take right now, without taking them. */
	public long availableTokens(String tenant, ResourceType resource) {
		ResourceLimit limit = this.plans.get().limitFor(tenant, resource);
		return this.tenants.get(tenant, this.newTenant).bucket(resource, limit).bucket.availableTokens();
	}

	/**
	 * {@inheritDoc} A tenant not held (never seen, or evicted) would start full: its
	 * burst is returned.
	 */
	@Override
	public long peekAvailable(String tenant, ResourceType resource) {
		ResourceLimit limit = this.plans.get().limitFor(tenant, resource);
		Configured configured = held(tenant, resource);
		if (configured == null) {
			return StandardBucketConfiguration.burst(limit, this.share);
		}
		return configured.bucket.availableTokens();
	}

	@Override
	public CompletableFuture<Void> giveBack(String tenant, ResourceType resource, long units) {
		Configured configured = held(tenant, resource);
		if (configured != null) {
			configured.bucket.giveBack(units);
		}
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Whether the tenant's bucket for that resource type holds its burst now (a bucket
	 * not held would start full), without creating it: the tenant took nothing for as
	 * long as the bucket takes to fill.
	 */
	public boolean full(String tenant, ResourceType resource) {
		ResourceLimit limit = this.plans.get().limitFor(tenant, resource);
		return peekAvailable(tenant, resource) >= StandardBucketConfiguration.burst(limit, this.share);
	}

	/**
	 * Refills the tenant's bucket for that resource type at {@code rate} units per second
	 * (times this instance's share) from now on, kept within the plan's rate and
	 * max-rate, holding what it holds: Bucket4j's configuration replacement with
	 * {@link TokensInheritanceStrategy#AS_IS}, as for a changed plan. How the in-step
	 * adjustment lifts a refused tenant's refill while capacity is idle, and lowers it
	 * back to the plan's rate. A bucket not held (never used, or evicted) is left alone:
	 * it starts full at the plan's rate; a changed plan puts the plan's rate back on the
	 * bucket's next use.
	 * @return whether a bucket was held
	 */
	public boolean refillAt(String tenant, ResourceType resource, double rate) {
		Configured configured = held(tenant, resource);
		if (configured == null) {
			return false;
		}
		ResourceLimit limit = configured.limit;
		double within = Math.max(limit.rate(), Math.min(rate, limit.maxRate()));
		configured.bucket.replace(StandardBucketConfiguration.of(limit, this.share, within));
		return true;
	}

	/**
	 * The tenant's bucket for that resource type if one is held, without creating or
	 * reconfiguring it.
	 */
	private Configured held(String tenant, ResourceType resource) {
		TenantBuckets held = this.tenants.getIfPresent(tenant);
		return (held != null) ? held.buckets.get(resource.index()) : null;
	}

	/** Number of tenants currently held (after pending evictions). */
	public long tenantCount() {
		this.tenants.cleanUp();
		return this.tenants.estimatedSize();
	}

	private TenantBuckets newTenant(String tenant) {
		return new TenantBuckets(this.plans.get().resources().size());
	}

	/**
	 * A tenant's buckets, each with the limit it was last configured with. When the plans
	 * in force give the tenant another limit (a reloaded plans file), the bucket is
	 * reconfigured on its next use with {@link TokensInheritanceStrategy#AS_IS}: the
	 * tenant keeps the tokens it has (capped at the new burst) and refills at the new
	 * rate from now on. Not {@code PROPORTIONALLY}: scaling the tokens with the burst
	 * would hand a full new burst's worth to a tenant moved to a bigger plan mid-window,
	 * and take tokens from one moved down, while a plan change should change the rate
	 * from now on, not re-decide the past.
	 */
	private final class TenantBuckets {

		private final AtomicReferenceArray<Configured> buckets;

		TenantBuckets(int resourceCount) {
			this.buckets = new AtomicReferenceArray<>(resourceCount);
		}

		Configured bucket(ResourceType resource, ResourceLimit limit) {
			int index = resource.index();
			Configured configured = this.buckets.get(index);
			if (configured == null) {
				Configured created = new Configured(
						new GuardedBucket(configurationOf(limit), LocalStandardBuckets.this.time), limit);
				configured = this.buckets.compareAndExchange(index, null, created);
				if (configured == null) {
					return created;
				}
			}
			if (!configured.limit.equals(limit)) {
				Configured updated = new Configured(configured.bucket, limit);
				if (this.buckets.compareAndSet(index, configured, updated)) {
					updated.bucket.replace(configurationOf(limit));
				}
				return updated;
			}
			return configured;
		}

	}

	private BucketConfiguration configurationOf(ResourceLimit limit) {
		return StandardBucketConfiguration.of(limit, this.share);
	}

	/**
	 * A bucket and the limit it was configured with; the {@code Configured} that replace
	 * each other when the limit changes share the bucket.
	 */
	private record Configured(GuardedBucket bucket, ResourceLimit limit) {
	}

}
