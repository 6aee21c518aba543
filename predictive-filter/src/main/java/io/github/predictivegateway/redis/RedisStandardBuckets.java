package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
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
 * {@code GET} and a Lua {@code EVAL} per request, retried on a concurrent change). The bucket algorithm is the same
 * as {@link io.github.predictivegateway.bucket.LocalStandardBuckets}: greedy refill at {@code rate} up to
 * {@code burst}, created full.
 *
 * <p>Bucket time comes from the engine's {@link TimeSource} on each instance (Bucket4j's client-side clock), so
 * instances' clocks should agree within a fraction of {@code 1 / rate}; a skew of {@code d} seconds lets a
 * fast-clocked instance refill at most {@code rate × d} units early. A bucket's key expires once it would be full
 * again (plus 10 s), so idle tenants cost no memory in Redis.
 *
 * <p>Concurrent requests of one tenant on one instance are combined into one compare-and-swap (Bucket4j's
 * <i>batching</i> optimization): without it, a burst of one tenant's requests makes every instance retry its swap
 * against the others, and a burst of 40 at once took longer than a 50 ms timeout. The batching proxies are kept
 * per tenant × resource in a bounded LRU of {@code maxTenants} entries; the state itself is always in Redis.
 *
 * <p>Never blocks: every call returns Bucket4j's future, bounded by {@link RedisGuard}'s timeout and circuit
 * breaker.
 */
public final class RedisStandardBuckets implements StandardBuckets {

	private final RemoteAsyncBucketBuilder<Object> buckets;

	private final RedisKeys keys;

	private final PlanCatalog plans;

	private final RedisGuard guard;

	private final ConcurrentMap<String, BucketConfiguration[]> configurations = new ConcurrentHashMap<>();

	private final Cache<String, AsyncBucketProxy> proxies;

	public RedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalog plans, TimeSource time,
			RedisGuard guard, long maxTenants) {
		this.proxies = Caffeine.newBuilder().maximumSize(maxTenants).executor(Runnable::run).build();
		this.keys = keys;
		this.plans = plans;
		this.guard = guard;
		this.buckets = proxyManager(connector, time).builder().withOptimization(Optimizations.batching());
	}

	@Override
	public CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
		Plan plan = this.plans.planFor(tenant);
		BucketConfiguration configuration = configuration(plan, resource);
		String key = this.keys.standardBucket(tenant, resource);
		AsyncBucketProxy bucket = this.proxies.get(key, k -> this.buckets.build(k, configuration));
		return this.guard.call(() -> bucket.tryConsumeAndReturnRemaining(cost));
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
