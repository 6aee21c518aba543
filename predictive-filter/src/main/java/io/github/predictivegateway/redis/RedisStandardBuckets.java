package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.optimization.delay.DelayOptimization;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import io.github.predictivegateway.bucket.StandardBuckets;
import io.github.predictivegateway.bucket.TimeSourceMeter;
import io.github.predictivegateway.plan.Plan;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.TimeSource;

/**
 * The standard buckets in Redis, shared by every gateway instance: one Bucket4j bucket per tenant × resource type
 * at {@link RedisKeys#standardBucket}, through Bucket4j's asynchronous Lettuce proxy manager (compare-and-swap: a
 * {@code GET} and a Lua {@code EVAL} per synchronization, retried on a concurrent change). The bucket algorithm is
 * the same as {@link io.github.predictivegateway.bucket.LocalStandardBuckets}: greedy refill at {@code rate} up to
 * {@code burst}, created full.
 *
 * <p>Bucket time comes from the engine's {@link TimeSource} on each instance (Bucket4j's client-side clock), so
 * instances' clocks should agree within a fraction of {@code 1 / rate}; a skew of {@code d} seconds lets a
 * fast-clocked instance refill at most {@code rate × d} units early. A bucket's key expires once it would be full
 * again (plus 10 s), so idle tenants cost no memory in Redis.
 *
 * <p><b>Local copies.</b> With {@code unsynchronizedShare = s > 0}, an instance decides from its own copy of a
 * bucket (Bucket4j's <i>delaying</i> optimization) until it has admitted {@code u = floor(s × burst /
 * expectedInstances)} units, or for {@code unsynchronizedFor}, since it last synchronized; then one compare-and-swap
 * charges what it admitted (into debt if other instances took the same tokens meanwhile) and refreshes the copy.
 * Units admitted from a copy are thus charged later, never forgotten, and at any time at most {@code u} per
 * instance are admitted but not yet charged: in any {@code t} seconds the instances admit at most
 * {@code burst + rate × t + N × u} (about {@code s × burst} beyond the exact bound with {@code N =
 * expectedInstances} instances), and the debt makes up for it afterwards. A copy dropped from the LRU below (or by
 * a stopped instance) loses its uncharged units, at most {@code u}. When {@code u < 1} (a small burst, or
 * {@code s = 0}), every decision is a compare-and-swap, and the bound is exact. Either way concurrent requests of
 * one tenant on one instance are combined into one compare-and-swap (Bucket4j's <i>batching</i>): without it, a
 * burst of one tenant's requests makes every instance retry its swap against the others, and a burst of 40 at once
 * took longer than a 50 ms timeout.
 *
 * <p>The proxies (and their copies) are kept per tenant in a bounded LRU of {@code maxTenants} entries. Never
 * blocks: a decision from a copy is a completed future; every other call returns Bucket4j's future, bounded by
 * {@link RedisGuard}'s timeout and circuit breaker.
 */
public final class RedisStandardBuckets implements StandardBuckets {

	private final AsyncProxyManager<Object> manager;

	private final RedisKeys keys;

	private final PlanCatalog plans;

	private final RedisGuard guard;

	private final TimeMeter meter;

	private final double unsynchronizedShare;

	private final int expectedInstances;

	private final Duration unsynchronizedFor;

	private final ConcurrentMap<String, BucketConfiguration[]> configurations = new ConcurrentHashMap<>();

	private final Cache<String, AtomicReferenceArray<AsyncBucketProxy>> proxies;

	private final Function<String, AtomicReferenceArray<AsyncBucketProxy>> newTenant;

	/** Exact buckets: every decision is a compare-and-swap in Redis. */
	public RedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalog plans, TimeSource time,
			RedisGuard guard, long maxTenants) {
		this(connector, keys, plans, time, guard, maxTenants, 0, 1, Duration.ofMillis(100));
	}

	/**
	 * @param unsynchronizedShare {@code s} above, within [0, 1]
	 * @param expectedInstances the instances sharing each bucket, at least 1
	 * @param unsynchronizedFor longest a copy is used between synchronizations
	 */
	public RedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalog plans, TimeSource time,
			RedisGuard guard, long maxTenants, double unsynchronizedShare, int expectedInstances,
			Duration unsynchronizedFor) {
		if (!(unsynchronizedShare >= 0 && unsynchronizedShare <= 1)) {
			throw new IllegalArgumentException("unsynchronized share must be within [0, 1], got " + unsynchronizedShare);
		}
		if (expectedInstances < 1) {
			throw new IllegalArgumentException("expected instances must be at least 1, got " + expectedInstances);
		}
		if (unsynchronizedFor.isNegative() || unsynchronizedFor.isZero()) {
			throw new IllegalArgumentException("unsynchronized-for must be positive, got " + unsynchronizedFor);
		}
		this.proxies = Caffeine.newBuilder().maximumSize(maxTenants).executor(Runnable::run).build();
		this.keys = keys;
		this.plans = plans;
		this.guard = guard;
		this.meter = new TimeSourceMeter(time);
		this.unsynchronizedShare = unsynchronizedShare;
		this.expectedInstances = expectedInstances;
		this.unsynchronizedFor = unsynchronizedFor;
		this.manager = proxyManager(connector, time);
		int resources = plans.resources().size();
		this.newTenant = tenant -> new AtomicReferenceArray<>(resources);
	}

	@Override
	public CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
		AsyncBucketProxy bucket = bucket(tenant, resource);
		return this.guard.call(() -> bucket.tryConsumeAndReturnRemaining(cost));
	}

	/**
	 * {@inheritDoc} Through the tenant's proxy, so that a local copy sees the units too, as a background call: no
	 * request waits on it, and an open circuit does not refuse it (a failure is counted in
	 * {@value io.github.predictivegateway.metrics.PredictiveMetricNames#REDIS_CALLS}, and the tenant merely keeps
	 * the units spent). A bucket whose key expired is created full, and stays full.
	 */
	@Override
	public CompletableFuture<Void> giveBack(String tenant, ResourceType resource, long units) {
		if (units < 1) {
			throw new IllegalArgumentException("units must be at least 1, got " + units);
		}
		AsyncBucketProxy bucket = bucket(tenant, resource);
		return this.guard.background(() -> bucket.addTokens(units));
	}

	/** The tenant's proxy for that resource type, made on first use and kept in the LRU. */
	private AsyncBucketProxy bucket(String tenant, ResourceType resource) {
		AtomicReferenceArray<AsyncBucketProxy> byResource = this.proxies.get(tenant, this.newTenant);
		AsyncBucketProxy bucket = byResource.get(resource.index());
		if (bucket == null) {
			bucket = proxy(tenant, resource);
			if (!byResource.compareAndSet(resource.index(), null, bucket)) {
				bucket = byResource.get(resource.index());
			}
		}
		return bucket;
	}

	/** The units an instance may admit from its copy of a bucket of this burst between synchronizations. */
	long unsynchronizedUnits(long burst) {
		return (long) Math.floor(this.unsynchronizedShare * burst / this.expectedInstances);
	}

	private AsyncBucketProxy proxy(String tenant, ResourceType resource) {
		Plan plan = this.plans.planFor(tenant);
		ResourceLimit limit = plan.limit(resource);
		long unsynchronized = unsynchronizedUnits(limit.burst());
		Optimization optimization = (unsynchronized >= 1)
				? new DelayOptimization(new DelayParameters(unsynchronized, this.unsynchronizedFor),
						NopeOptimizationListener.INSTANCE, this.meter)
				: Optimizations.batching();
		return this.manager.builder()
			.withOptimization(optimization)
			.build(this.keys.standardBucket(tenant, resource), configuration(plan, resource));
	}

	private BucketConfiguration configuration(Plan plan, ResourceType resource) {
		BucketConfiguration[] byResource = this.configurations.computeIfAbsent(plan.name(),
				name -> new BucketConfiguration[this.plans.resources().size()]);
		BucketConfiguration configuration = byResource[resource.index()];
		if (configuration == null) {
			configuration = configurationOf(plan.limit(resource));
			byResource[resource.index()] = configuration;
		}
		return configuration;
	}

	/**
	 * Bucket4j's asynchronous proxy manager on the connector's connection, with the engine's clock; a bucket's key
	 * expires 10 s after it would be full again.
	 */
	static AsyncProxyManager<Object> proxyManager(RedisConnector connector, TimeSource time) {
		RedisApi<Object> api = new ConnectorApi(connector);
		return new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(api).clientClock(new TimeSourceMeter(time))
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build()
			.asAsync();
	}

	static BucketConfiguration configurationOf(ResourceLimit limit) {
		Duration refillPeriod = Duration.ofNanos(Math.round(limit.burst() * 1e9 / limit.rate()));
		return BucketConfiguration.builder()
			.addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.burst(), refillPeriod))
			.build();
	}

	/**
	 * Bucket4j's view of Redis, on whatever connection the connector has open now. Keys are strings; Bucket4j
	 * passes them as {@code Object[]} (its key type is erased), hence {@code RedisApi<Object>}.
	 */
	private record ConnectorApi(RedisConnector connector) implements RedisApi<Object> {

		@Override
		public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] params) {
			String[] names = new String[keys.length];
			for (int i = 0; i < keys.length; i++) {
				names[i] = (String) keys[i];
			}
			return this.connector.commands().eval(script, type, names, params);
		}

		@Override
		public RedisFuture<byte[]> get(Object key) {
			return this.connector.commands().get((String) key);
		}

		@Override
		public RedisFuture<?> delete(Object key) {
			return this.connector.commands().del((String) key);
		}

	}

}
