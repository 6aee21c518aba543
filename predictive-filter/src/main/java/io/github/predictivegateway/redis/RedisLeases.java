package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.bucket.ShadowBucket;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.ShadowBucketFactory;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * The shared reservation ledger's leases. A step's grants live in one Redis hash per resource type
 * ({@link RedisKeys#ledger}: field = tenant, value = units not yet leased), written once, by whichever instance
 * prepares the step first ({@link #install}). Each instance's shadow bucket ({@link LeasedShadowBucket}) holds only
 * what it leased and leases more, in chunks, before it runs out; unused leases go back to the hash.
 *
 * <p>Every change is one Lua script, so atomic:
 * <ul>
 * <li><b>install</b>: if the hash exists, nothing; otherwise every grant, and an expiry one step after the step's
 * end;</li>
 * <li><b>lease</b> {@code want}: {@code n = min(want, left)}; {@code left -= n}; returns {@code n};</li>
 * <li><b>return</b> {@code n}: {@code left += n}, if the hash still exists.</li>
 * </ul>
 * A unit is thus either in the hash or in exactly one instance's lease, where a compare-and-set spends it once:
 * <b>no reserved unit is ever spent twice</b>, and the sum spent by all instances never exceeds the grant. The
 * price of leases is the other way: units leased by an instance whose traffic stops are idle until it returns them
 * (after {@code 2 × horizon} without spending) or the step ends, and meanwhile the tenant's requests at other
 * instances go to the standard bucket. The grant is never exceeded, so the lease slack on admission is zero.
 *
 * <p>Chunk size, per bucket: the units this instance spent from it per second since its last lease, times
 * {@code horizon}, at least 1 and at most the instance's fair share {@code ceil(grant / expectedInstances)}; the
 * first lease takes a tenth of that share. The next lease is requested, without waiting, once the lease holds less
 * than half a chunk, so a steady tenant rarely finds its lease empty and most pre-allocated requests touch only
 * local memory.
 */
public final class RedisLeases implements ShadowBucketFactory, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisLeases.class);

	static final String INSTALL = """
			if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
			redis.call('HSET', KEYS[1], '~', '0')
			for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1""";

	static final String LEASE = """
			local left = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
			local n = math.min(left, tonumber(ARGV[2]))
			if n > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -n) end
			return n""";

	static final String RETURN = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			return tonumber(ARGV[2])""";

	private final RedisConnector connector;

	private final RedisKeys keys;

	private final RedisGuard guard;

	private final Steps steps;

	private final TimeSource time;

	private final int expectedInstances;

	private final long horizonNanos;

	private final Set<LeasedShadowBucket> live = ConcurrentHashMap.newKeySet();

	private final Map<String, Counter> leased = new ConcurrentHashMap<>();

	private final Map<String, Counter> returned = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	private final ScheduledExecutorService sweeper;

	public RedisLeases(RedisConnector connector, RedisKeys keys, RedisGuard guard, Steps steps, TimeSource time,
			int expectedInstances, Duration horizon, MeterRegistry registry) {
		if (expectedInstances < 1) {
			throw new IllegalArgumentException("expected instances must be at least 1, got " + expectedInstances);
		}
		if (horizon.isNegative() || horizon.isZero()) {
			throw new IllegalArgumentException("lease horizon must be positive, got " + horizon);
		}
		this.connector = connector;
		this.keys = keys;
		this.guard = guard;
		this.steps = steps;
		this.time = time;
		this.expectedInstances = expectedInstances;
		this.horizonNanos = horizon.toNanos();
		this.registry = registry;
		this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "predictive-lease-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(Duration.ofMillis(50).toNanos(), this.horizonNanos / 2);
		this.sweeper.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Writes a step's grants for one resource type, unless another instance did first (then its grants stand).
	 * Asynchronous: leases issued after it on this connection see it.
	 */
	public CompletableFuture<Boolean> install(long step, ResourceType resource, Map<String, Long> grants) {
		long ttlMillis = Math.max(1000,
				(this.steps.startNanos(step + 2) - this.time.epochNanos()) / 1_000_000);
		List<byte[]> args = new ArrayList<>(1 + 2 * grants.size());
		args.add(bytes(ttlMillis));
		grants.forEach((tenant, units) -> {
			if (units > 0) {
				args.add(RedisKeys.field(tenant).getBytes(StandardCharsets.UTF_8));
				args.add(bytes(units));
			}
		});
		String[] key = { this.keys.ledger(resource, step) };
		return this.guard.<Long>call(() -> this.connector.commands()
			.<Long>eval(INSTALL, ScriptOutputType.INTEGER, key, args.toArray(new byte[0][]))
			.toCompletableFuture()).thenApply(written -> written == 1L);
	}

	@Override
	public ShadowBucket create(long step, String tenant, ResourceType resource, long units) {
		long fairShare = (units + this.expectedInstances - 1) / this.expectedInstances;
		LeasedShadowBucket bucket = new LeasedShadowBucket(this, step, tenant, resource, units, fairShare,
				this.keys.ledger(resource, step), RedisKeys.field(tenant));
		this.live.add(bucket);
		bucket.lease(0);
		return bucket;
	}

	/** Takes up to {@code want} units of the tenant's grant into a lease; completes with what was taken. */
	CompletableFuture<Long> lease(LeasedShadowBucket bucket, long want) {
		String[] key = { bucket.ledgerKey() };
		return this.guard.<Long>call(() -> this.connector.commands()
			.<Long>eval(LEASE, ScriptOutputType.INTEGER, key, bucket.fieldBytes(), bytes(want))
			.toCompletableFuture()).thenApply(taken -> {
				if (taken > 0) {
					counter(this.leased, "leased", bucket.resource()).increment(taken);
				}
				return taken;
			});
	}

	/** Gives {@code units} of a lease back to the step's hash. */
	CompletableFuture<Long> giveBack(LeasedShadowBucket bucket, long units) {
		String[] key = { bucket.ledgerKey() };
		counter(this.returned, "returned", bucket.resource()).increment(units);
		return this.guard.<Long>call(() -> this.connector.commands()
			.<Long>eval(RETURN, ScriptOutputType.INTEGER, key, bucket.fieldBytes(), bytes(units))
			.toCompletableFuture());
	}

	/**
	 * Returns what idle leases hold (nothing spent from them for {@code 2 × horizon}) and what leases of past steps
	 * hold, so other instances can lease it (or, for a past step, so the ledger shows what went unused).
	 */
	public void sweep() {
		long now = this.time.epochNanos();
		long step = this.steps.indexOf(now);
		long nanoNow = nanoTime();
		for (LeasedShadowBucket bucket : this.live) {
			boolean over = bucket.step() < step;
			// idle: nothing spent for two horizons, counting from the step's start at the earliest (a lease taken
			// ahead of its step is not idle before the step began)
			boolean idle = bucket.step() == step && nanoNow - bucket.lastSpendNanos() > 2 * this.horizonNanos
					&& now - this.steps.startNanos(step) > 2 * this.horizonNanos;
			if (over || idle) {
				long units = bucket.drain();
				if (units > 0) {
					giveBack(bucket, units).exceptionally(ex -> 0L);
				}
			}
			if (over) {
				this.live.remove(bucket);
			}
		}
	}

	private void sweepQuietly() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			logger.warn("Returning idle leases failed; retrying at the next sweep", ex);
		}
	}

	long horizonNanos() {
		return this.horizonNanos;
	}

	long nanoTime() {
		return System.nanoTime();
	}

	private Counter counter(Map<String, Counter> counters, String outcome, ResourceType resource) {
		return counters.computeIfAbsent(resource.name(), name -> Counter.builder(PredictiveMetricNames.LEASE_UNITS)
			.tag(PredictiveMetricNames.RESOURCE, name)
			.tag(PredictiveMetricNames.OUTCOME, outcome)
			.register(this.registry));
	}

	static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() {
		this.sweeper.shutdownNow();
	}

}
