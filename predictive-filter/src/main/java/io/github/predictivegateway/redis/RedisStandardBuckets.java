package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
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

import io.github.predictivegateway.plan.Cost;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.standard.StandardBucketConfiguration;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.time.TimeSourceMeter;

/**
 * The standard buckets in Redis, shared by every gateway instance: one Bucket4j bucket
 * per tenant × resource type at {@link RedisKeys#standardBucket}, through Bucket4j's
 * asynchronous Lettuce proxy manager (compare-and-swap: a {@code GET} and a Lua
 * {@code EVAL} per synchronization, retried on a concurrent change). The bucket algorithm
 * is the same as {@link io.github.predictivegateway.standard.LocalStandardBuckets}:
 * greedy refill at {@code rate} up to {@code burst}, created full.
 *
 * <p>
 * Bucket time comes from the engine's {@link TimeSource} on each instance (Bucket4j's
 * client-side clock), so instances' clocks should agree within a fraction of
 * {@code 1 / rate}; a skew of {@code d} seconds lets a fast-clocked instance refill at
 * most {@code rate × d} units early. A bucket's key expires once it would be full again
 * (plus 10 s), so idle tenants cost no memory in Redis.
 *
 * <p>
 * <b>Local copies.</b> With {@code unsynchronizedShare = s > 0}, an instance decides from
 * its own copy of a bucket (Bucket4j's <i>delaying</i> optimization) until it has
 * admitted {@code u = floor(s × burst /
 * expectedInstances)} units, or for {@code unsynchronizedFor}, since it last
 * synchronized; then one compare-and-swap charges what it admitted (into debt if other
 * instances took the same tokens meanwhile) and refreshes the copy. Units admitted from a
 * copy are thus charged later, never forgotten, and at any time at most {@code u} per
 * instance are admitted but not yet charged: in any {@code t} seconds the instances admit
 * at most {@code burst + rate × t + N × u} (about {@code s × burst} beyond the exact
 * bound with {@code N =
 * expectedInstances} instances), and the debt makes up for it afterwards. A copy dropped
 * from the LRU below (or by a stopped instance) loses its uncharged units, at most
 * {@code u}. When {@code u < 1} (a small burst, or {@code s = 0}), every decision is a
 * compare-and-swap, and the bound is exact. Either way concurrent requests of one tenant
 * on one instance are combined into one compare-and-swap (Bucket4j's <i>batching</i>):
 * without it, a burst of one tenant's requests makes every instance retry its swap
 * against the others, and a burst of 40 at once took longer than a 50 ms timeout.
 *
 * <p>
 * <b>Changed plans.</b> Each decision reads the tenant's limit from the plans in force
 * ({@link PlanCatalogs}, which a reloaded plans file replaces) and compares its rate and
 * burst with those the tenant's proxy was made for; when they differ, this instance makes
 * a new proxy. Its first decision through a new proxy (first use of the tenant, after an
 * eviction, or after a change) <i>claims</i> the shared bucket for the version of its
 * plans ({@link PlanVersions}: the engine time at which this instance first used them)
 * with Bucket4j's implicit configuration replacement: within the same compare-and-swap, a
 * bucket that holds a lower version is reconfigured with
 * {@code TokensInheritanceStrategy.AS_IS} (it keeps its tokens, capped at the new burst,
 * and refills at the new rate from then on, as in local mode), a missing bucket is
 * created with the version, and a bucket that holds the same or a higher version is left
 * as it is. Every other decision carries no version and runs against whatever
 * configuration the bucket holds (Bucket4j stores it with the bucket), so the steady
 * state costs what it did. With instances that read a new plans file at different times,
 * therefore:
 * <ul>
 * <li>the first instance to use a tenant after reading it reconfigures the bucket;
 * instances still on the old plans decide against the new configuration from their next
 * synchronization and never write the old one back (their version is lower): no flipping
 * between old and new;</li>
 * <li>an instance that reads the file later claims with a higher version and replaces the
 * configuration with the same one, which keeps the tokens exactly: nothing is reset;</li>
 * <li>an instance that starts later claims with its start time, so a restart with changed
 * plans reconfigures the buckets too.</li>
 * </ul>
 * A claim that reconfigures costs one round trip more (Bucket4j checks the version, then
 * sends the configuration); with local copies, the claim is a decision made without a
 * copy, so the next one fills the new proxy's copy: one round trip more per proxy made.
 * Limits: two edits closer together than the instances take to read them can let a slow
 * instance put the intermediate plans back until it reads the last edit; a bucket that
 * expired while idle is created again, without a version, by whichever instance uses it
 * first, so one that has not read the new file yet can give it the old limits until it
 * reads the file and claims again; a replaced proxy's copy loses its uncharged units, at
 * most {@code u}, as an evicted one does.
 *
 * <p>
 * The proxies (and their copies) are kept per tenant in a bounded LRU of
 * {@code maxTenants} entries. Never blocks: a decision from a copy is a completed future;
 * every other call returns Bucket4j's future, bounded by {@link RedisGuard}'s timeout and
 * circuit breaker.
 */
public final class RedisStandardBuckets implements StandardBuckets {

	/**
	 * The warm-up bucket: two tokens, refilled in a second, so its key expires seconds
	 * after use.
	 */
	private static final BucketConfiguration WARM_UP = BucketConfiguration.builder()
		.addLimit(limit -> limit.capacity(2).refillGreedy(2, Duration.ofSeconds(1)))
		.build();

	private final AsyncProxyManager<Object> manager;

	private final RedisKeys keys;

	private final PlanVersions plans;

	private final RedisGuard guard;

	private final TimeMeter meter;

	private final double unsynchronizedShare;

	private final int expectedInstances;

	private final Duration unsynchronizedFor;

	private final Cache<String, AtomicReferenceArray<Shared>> proxies;

	private final Function<String, AtomicReferenceArray<Shared>> newTenant;

	/** Exact buckets: every decision is a compare-and-swap in Redis. */
	public RedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalogs plans, TimeSource time,
			RedisGuard guard, long maxTenants) {
		this(connector, keys, plans, time, guard, maxTenants, 0, 1, Duration.ofMillis(100));
	}

	/**
	 * @param plans the plans in force, followed when they are replaced (see the class
	 * comment)
	 * @param unsynchronizedShare {@code s} above, within [0, 1]
	 * @param expectedInstances the instances sharing each bucket, at least 1
	 * @param unsynchronizedFor longest a copy is used between synchronizations
	 */
	public RedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalogs plans, TimeSource time,
			RedisGuard guard, long maxTenants, double unsynchronizedShare, int expectedInstances,
			Duration unsynchronizedFor) {
		if (!(unsynchronizedShare >= 0 && unsynchronizedShare <= 1)) {
			throw new IllegalArgumentException(
					"unsynchronized share must be within [0, 1], got " + unsynchronizedShare);
		}
		if (expectedInstances < 1) {
			throw new IllegalArgumentException("expected instances must be at least 1, got " + expectedInstances);
		}
		if (unsynchronizedFor.isNegative() || unsynchronizedFor.isZero()) {
			throw new IllegalArgumentException("unsynchronized-for must be positive, got " + unsynchronizedFor);
		}
		this.proxies = Caffeine.newBuilder().maximumSize(maxTenants).executor(Runnable::run).build();
		this.keys = keys;
		this.plans = new PlanVersions(plans, time);
		this.guard = guard;
		this.meter = new TimeSourceMeter(time);
		this.unsynchronizedShare = unsynchronizedShare;
		this.expectedInstances = expectedInstances;
		this.unsynchronizedFor = unsynchronizedFor;
		this.manager = proxyManager(connector, time);
		int resources = plans.get().resources().size();
		this.newTenant = tenant -> new AtomicReferenceArray<>(resources);
	}

	@Override
	public CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
		PlanVersions.Versioned plans = this.plans.current();
		ResourceLimit limit = plans.plans().limitFor(tenant, resource);
		Shared shared = shared(tenant, resource, limit);
		if (!shared.claimed() && shared.fits(limit) && shared.startClaim()) {
			return claim(shared, tenant, resource, plans.version(), cost);
		}
		AsyncBucketProxy chosen = shared.proxy;
		return this.guard.call(() -> chosen.tryConsumeAndReturnRemaining(cost));
	}

	/**
	 * {@inheritDoc} Through the tenant's proxy, so that a local copy sees the units too,
	 * as a background call: no request waits on it, and an open circuit does not refuse
	 * it (a failure is counted in
	 * {@value io.github.predictivegateway.metrics.PredictiveMetricNames#REDIS_CALLS}, and
	 * the tenant merely keeps the units spent). A bucket whose key expired is created
	 * full, and stays full.
	 */
	@Override
	public CompletableFuture<Void> giveBack(String tenant, ResourceType resource, long units) {
		Cost.require(units);
		ResourceLimit limit = this.plans.current().plans().limitFor(tenant, resource);
		AsyncBucketProxy bucket = shared(tenant, resource, limit).proxy;
		return this.guard.background(() -> bucket.addTokens(units));
	}

	/**
	 * Two decisions through Bucket4j on the warm-up bucket ({@link RedisKeys#warmUp}):
	 * the round trips ({@code GET}, Lua {@code EVAL}) and the code of a request's
	 * decisions, run once before the instance reports ready ({@link RedisWarmUp}), so
	 * that no request pays for their first use. Not through the guard: no request waits
	 * on it, so it is neither cut at the timeout nor counted.
	 */
	public CompletableFuture<ConsumptionProbe> warmUp() {
		// both kinds of decision: a claim (implicit configuration replacement), then one
		// through a batching proxy
		AsyncBucketProxy claim = this.manager.builder()
			.withImplicitConfigurationReplacement(1, TokensInheritanceStrategy.AS_IS)
			.build(this.keys.warmUp(), WARM_UP);
		AsyncBucketProxy batching = this.manager.builder()
			.withOptimization(Optimizations.batching())
			.build(this.keys.warmUp(), WARM_UP);
		return claim.tryConsumeAndReturnRemaining(1).thenCompose(first -> batching.tryConsumeAndReturnRemaining(1));
	}

	/**
	 * The tenant's proxy for that resource type and limit, made on first use or when the
	 * limit changed.
	 */
	private Shared shared(String tenant, ResourceType resource, ResourceLimit limit) {
		AtomicReferenceArray<Shared> byResource = this.proxies.get(tenant, this.newTenant);
		Shared shared = byResource.get(resource.index());
		if (shared == null || !shared.fits(limit)) {
			shared = replace(byResource, shared, tenant, resource, limit);
		}
		return shared;
	}

	/**
	 * The units an instance may admit from its copy of a bucket of this burst between
	 * synchronizations.
	 */
	long unsynchronizedUnits(long burst) {
		return (long) Math.floor(this.unsynchronizedShare * burst / this.expectedInstances);
	}

	/**
	 * Puts a proxy for {@code limit} in place of {@code previous}, unless another thread
	 * has already replaced it.
	 */
	private Shared replace(AtomicReferenceArray<Shared> byResource, Shared previous, String tenant,
			ResourceType resource, ResourceLimit limit) {
		BucketConfiguration configuration = configurationOf(limit);
		Shared next = new Shared(limit, configuration, proxy(tenant, resource, limit, configuration));
		Shared witness = byResource.compareAndExchange(resource.index(), previous, next);
		return (witness == previous) ? next : witness;
	}

	/**
	 * This instance's first decision on a bucket since it made the proxy (first use,
	 * eviction, or a changed limit): taken with Bucket4j's implicit configuration
	 * replacement at the plans' version, which reconfigures the shared bucket
	 * ({@code AS_IS}) if it holds a lower version, or creates it with that version. Later
	 * decisions go through the proxy without a version, so that they cost what they cost
	 * before; a failed claim is tried again by the next decision.
	 */
	private CompletableFuture<ConsumptionProbe> claim(Shared shared, String tenant, ResourceType resource, long version,
			long cost) {
		AsyncBucketProxy versioned = this.manager.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.AS_IS)
			.build(this.keys.standardBucket(tenant, resource), shared.configuration);
		CompletableFuture<ConsumptionProbe> probe = this.guard.call(() -> versioned.tryConsumeAndReturnRemaining(cost));
		probe.whenComplete((result, failure) -> shared.endClaim(failure == null));
		return probe;
	}

	private AsyncBucketProxy proxy(String tenant, ResourceType resource, ResourceLimit limit,
			BucketConfiguration configuration) {
		long unsynchronized = unsynchronizedUnits(limit.burst());
		Optimization optimization = (unsynchronized >= 1)
				? new DelayOptimization(new DelayParameters(unsynchronized, this.unsynchronizedFor),
						NopeOptimizationListener.INSTANCE, this.meter)
				: Optimizations.batching();
		return this.manager.builder()
			.withOptimization(optimization)
			.build(this.keys.standardBucket(tenant, resource), configuration);
	}

	/**
	 * Bucket4j's asynchronous proxy manager on the connector's connection, with the
	 * engine's clock; a bucket's key expires 10 s after it would be full again.
	 */
	static AsyncProxyManager<Object> proxyManager(RedisConnector connector, TimeSource time) {
		RedisApi<Object> api = new ConnectorApi(connector);
		return new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(api).clientClock(new TimeSourceMeter(time))
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build()
			.asAsync();
	}

	static BucketConfiguration configurationOf(ResourceLimit limit) {
		return StandardBucketConfiguration.of(limit);
	}

	/**
	 * This instance's proxy of one shared bucket, the limit it was made for, and whether
	 * this instance has claimed the bucket for its plans' version yet:
	 * {@code UNCLAIMED → CLAIMING → CLAIMED}, back to {@code UNCLAIMED} when the claim
	 * failed. One thread claims; the others decide through the proxy meanwhile.
	 */
	private static final class Shared {

		private static final int UNCLAIMED = 0;

		private static final int CLAIMING = 1;

		private static final int CLAIMED = 2;

		private static final AtomicIntegerFieldUpdater<Shared> STATE = AtomicIntegerFieldUpdater
			.newUpdater(Shared.class, "state");

		final ResourceLimit limit;

		final BucketConfiguration configuration;

		final AsyncBucketProxy proxy;

		private volatile int state = UNCLAIMED;

		Shared(ResourceLimit limit, BucketConfiguration configuration, AsyncBucketProxy proxy) {
			this.limit = limit;
			this.configuration = configuration;
			this.proxy = proxy;
		}

		/**
		 * Whether the bucket this proxy was made for is the one {@code limit} asks for
		 * (rate and burst).
		 */
		boolean fits(ResourceLimit limit) {
			return this.limit == limit || (this.limit.rate() == limit.rate() && this.limit.burst() == limit.burst());
		}

		boolean claimed() {
			return this.state == CLAIMED;
		}

		boolean startClaim() {
			return STATE.compareAndSet(this, UNCLAIMED, CLAIMING);
		}

		void endClaim(boolean done) {
			this.state = done ? CLAIMED : UNCLAIMED;
		}

	}

	/**
	 * Bucket4j's view of Redis, on whatever connection the connector has open now. Keys
	 * are strings; Bucket4j passes them as {@code Object[]} (its key type is erased),
	 * hence {@code RedisApi<Object>}.
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
