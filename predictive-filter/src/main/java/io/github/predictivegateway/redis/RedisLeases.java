package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketFactory;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * The shared reservation ledger's leases. A step's grants live in one Redis hash per
 * resource type ({@link RedisKeys#ledger}: field = tenant, value = units not yet leased),
 * written once, by whichever instance prepares the step first ({@link #install}). Each
 * instance's shadow bucket ({@link LeasedShadowBucket}) holds only what it leased and
 * leases more, in chunks, before it runs out; unused leases go back to the hash. Every
 * change is one atomic Lua script ({@link RedisLedgerScripts}).
 *
 * <p>
 * A unit is thus either in the hash or in exactly one instance's lease, where a
 * compare-and-set spends it once: <b>no reserved unit is ever spent twice</b>, and the
 * sum spent by all instances never exceeds the grant. A lease whose answer comes after
 * {@code predictive.redis.timeout} is still credited to the lease when it comes (the
 * script ran; the request that asked for it was already sent to the standard bucket), so
 * a slow Redis loses no reserved unit; only a call whose outcome is unknown (connection
 * lost mid-call) can leave units in neither place, an under-admission until the step
 * ends.
 *
 * <p>
 * No request waits on the ledger's calls, so they are {@link RedisGuard#background
 * background} calls: an open circuit, opened by slow standard-bucket calls, does not stop
 * this instance from leasing (it would otherwise send pre-allocated requests to the
 * standard path, whose calls the open circuit refuses too).
 *
 * <p>
 * The price of leases is the other way: units leased by an instance whose traffic stops
 * are idle until it returns them or the step ends, and meanwhile the tenant's requests at
 * other instances go to the standard bucket. A lease is <i>idle</i> when no request of
 * its tenant reached it for {@code 2 × horizon} (counting from the step's start at the
 * earliest); the sweep then gives back all of it but {@code max(1, c)} units, {@code c}
 * the cost of the tenant's last request here, so that a tenant whose requests are further
 * apart than that is still served from its reservation (without the kept units, each of
 * its requests would find the lease just given back, and ask for one that the next sweep
 * gives back again). At most those units per tenant, resource type and instance stay out
 * of the other instances' reach until the step ends. The grant is never exceeded, so the
 * lease slack on admission is zero.
 *
 * <p>
 * Chunk size, per bucket: the units this instance spent from it per second since its last
 * lease, times {@code horizon}, at least 1 and at most the instance's fair share
 * {@code ceil(grant / expectedInstances)}; the first lease takes a tenth of that share.
 * The next lease is requested, without waiting, once the lease holds less than half a
 * chunk, so a steady tenant rarely finds its lease empty and most pre-allocated requests
 * touch only local memory.
 */
public final class RedisLeases implements ShadowBucketFactory, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisLeases.class);

	private final LedgerScripts scripts;

	private final RedisKeys keys;

	private final RedisGuard guard;

	private final Steps steps;

	private final TimeSource time;

	private final int expectedInstances;

	private final long horizonNanos;

	private final Set<LeasedShadowBucket> live = ConcurrentHashMap.newKeySet();

	private final Map<String, LedgerInstall> installs = new ConcurrentHashMap<>();

	/** This instance's name on a ledger's claim. */
	private final String owner = UUID.randomUUID().toString();

	private final Map<String, Counter> leased = new ConcurrentHashMap<>();

	private final Map<String, Counter> returned = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	private final LongSupplier nanoTime;

	private final ScheduledExecutorService sweeper;

	public RedisLeases(RedisConnector connector, RedisKeys keys, RedisGuard guard, Steps steps, TimeSource time,
			LeaseSettings settings, MeterRegistry registry) {
		this(new RedisLedgerScripts(connector), keys, guard, steps, time, System::nanoTime, settings, registry, true);
	}

	/**
	 * @param nanoTime the monotonic clock of idleness and chunk sizing
	 * @param sweepInBackground whether a daemon thread calls {@link #sweep()} every
	 * {@code max(50 ms, horizon / 2)}
	 */
	RedisLeases(LedgerScripts scripts, RedisKeys keys, RedisGuard guard, Steps steps, TimeSource time,
			LongSupplier nanoTime, LeaseSettings settings, MeterRegistry registry, boolean sweepInBackground) {
		this.scripts = scripts;
		this.keys = keys;
		this.guard = guard;
		this.steps = steps;
		this.time = time;
		this.nanoTime = nanoTime;
		this.expectedInstances = settings.expectedInstances();
		this.horizonNanos = settings.horizon().toNanos();
		this.registry = registry;
		if (sweepInBackground) {
			this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "predictive-lease-sweeper");
				thread.setDaemon(true);
				return thread;
			});
			long period = Math.max(Duration.ofMillis(50).toNanos(), this.horizonNanos / 2);
			this.sweeper.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.NANOSECONDS);
		}
		else {
			this.sweeper = null;
		}
	}

	/**
	 * Writes a step's grants for one resource type, unless another instance did first
	 * (then its grants stand); see {@link LedgerInstall}. An instance that finds the
	 * ledger in place spends one round trip; the one that writes it never holds Redis for
	 * more than one chunk of {@value LedgerInstall#CHUNK} grants. Until the ledger is in
	 * place (Redis down, or another instance still writing it) the install is retried at
	 * every {@link #sweep()} while its step is not over.
	 * @return completes with {@code true} once this instance wrote the ledger,
	 * {@code false} once it found another's; fails if the step ended first
	 */
	public CompletableFuture<Boolean> install(long step, ResourceType resource, Map<String, Long> grants) {
		return install(step, resource, grants, 0);
	}

	/**
	 * As {@link #install(long, ResourceType, Map)}, with the step's {@code pool}: the
	 * reservable units no grant holds, which in-step top-ups take from
	 * ({@link RedisSharedPool}). Written with the grants, in the same rename, so a ledger
	 * in place (and its pool, however much was taken from it) is never overwritten.
	 */
	public CompletableFuture<Boolean> install(long step, ResourceType resource, Map<String, Long> grants, long pool) {
		long ttlMillis = Math.max(1000, (this.steps.startNanos(step + 2) - this.time.epochNanos()) / 1_000_000);
		List<byte[]> fields = new ArrayList<>(2 * grants.size() + 2);
		fields.add(RedisLedgerScripts.POOL.getBytes(StandardCharsets.UTF_8));
		fields.add(RedisLedgerScripts.bytes(Math.max(0, pool)));
		grants.forEach((tenant, units) -> {
			if (units > 0) {
				fields.add(RedisKeys.field(tenant).getBytes(StandardCharsets.UTF_8));
				fields.add(RedisLedgerScripts.bytes(units));
			}
		});
		LedgerInstall install = new LedgerInstall(this.scripts, this.guard, this.owner, step,
				this.keys.ledger(resource, step), ttlMillis, fields);
		LedgerInstall earlier = this.installs.putIfAbsent(install.key(), install);
		LedgerInstall current = (earlier != null) ? earlier : install;
		current.attempt();
		return current.done();
	}

	/** Retries the installs not yet in place whose step is not over; drops the others. */
	private void retryInstalls(long step) {
		for (LedgerInstall install : this.installs.values()) {
			if (install.done().isDone()) {
				this.installs.remove(install.key(), install);
			}
			else if (install.step() < step) {
				install.abandon();
				this.installs.remove(install.key(), install);
			}
			else {
				install.attempt();
			}
		}
	}

	@Override
	public ShadowBucket create(long step, String tenant, ResourceType resource, long units) {
		LeasedShadowBucket bucket = bucket(step, tenant, resource, units);
		bucket.lease(0);
		return bucket;
	}

	/**
	 * A lease for a tenant granted nothing ahead of the step, for its top-ups: nothing to
	 * lease from its field, so it asks for nothing until spent; its idle units go back to
	 * its field like any lease's.
	 */
	LeasedShadowBucket createForTopUps(long step, String tenant, ResourceType resource) {
		return bucket(step, tenant, resource, 0);
	}

	private LeasedShadowBucket bucket(long step, String tenant, ResourceType resource, long units) {
		long fairShare = (units + this.expectedInstances - 1) / this.expectedInstances;
		LeasedShadowBucket bucket = new LeasedShadowBucket(this, step, tenant, resource, units, fairShare,
				this.keys.ledger(resource, step), RedisKeys.field(tenant));
		this.live.add(bucket);
		return bucket;
	}

	int expectedInstances() {
		return this.expectedInstances;
	}

	RedisKeys keys() {
		return this.keys;
	}

	RedisGuard guard() {
		return this.guard;
	}

	/**
	 * Takes up to {@code want} units of the tenant's grant into the bucket's lease. The
	 * units are credited to the bucket when Redis answers, also after
	 * {@link RedisGuard}'s timeout has failed the returned future: by then the script has
	 * taken them from the hash, and only this bucket may spend them.
	 * @return what was taken, or failed when Redis did not answer in time (the units may
	 * still arrive)
	 */
	CompletableFuture<Long> lease(LeasedShadowBucket bucket, long want) {
		return this.guard.<Long>background(
				() -> this.scripts.lease(bucket.ledgerKey(), bucket.fieldBytes(), want).thenApply(taken -> {
					if (taken > 0) {
						bucket.credit(taken);
						counter(this.leased, "leased", bucket.resource()).increment(taken);
					}
					return taken;
				}));
	}

	/** Gives {@code units} of a lease back to the step's hash. */
	CompletableFuture<Long> giveBack(LeasedShadowBucket bucket, long units) {
		counter(this.returned, "returned", bucket.resource()).increment(units);
		return this.guard.background(() -> this.scripts.giveBack(bucket.ledgerKey(), bucket.fieldBytes(), units));
	}

	/**
	 * Returns what leases of past steps hold, and what idle leases (no request for
	 * {@code 2 × horizon}) hold beyond
	 * {@code max(1, cost of their tenant's last request)}, so other instances can lease
	 * it (or, for a past step, so the ledger shows what went unused).
	 */
	public void sweep() {
		long now = this.time.epochNanos();
		long step = this.steps.indexOf(now);
		long nanoNow = nanoTime();
		// while the circuit is open Redis is most likely down: a return would fail and
		// its units be lost, so idle
		// leases wait for a later sweep
		boolean canReturn = !this.guard.isOpen();
		retryInstalls(step);
		for (LeasedShadowBucket bucket : this.live) {
			boolean over = bucket.step() < step;
			// idle: no request for two horizons, counting from the step's start at the
			// earliest (a lease taken
			// ahead of its step is not idle before the step began)
			boolean idle = canReturn && bucket.step() == step
					&& nanoNow - bucket.lastRequestNanos() > 2 * this.horizonNanos
					&& now - this.steps.startNanos(step) > 2 * this.horizonNanos;
			if (over || idle) {
				long units = bucket.drainAbove(over ? 0 : Math.max(1, bucket.lastCost()));
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
		return this.nanoTime.getAsLong();
	}

	private Counter counter(Map<String, Counter> counters, String outcome, ResourceType resource) {
		return counters.computeIfAbsent(resource.name(),
				name -> Counter.builder(PredictiveMetricNames.LEASE_UNITS)
					.tag(PredictiveMetricNames.RESOURCE, name)
					.tag(PredictiveMetricNames.OUTCOME, outcome)
					.register(this.registry));
	}

	/**
	 * Stops the sweeps and gives back every unit this instance holds in a lease, of this
	 * step and of the next, so that the other instances can lease them (a rolling deploy
	 * strands nothing until the step ends); waits for Redis's answers at most
	 * {@code timeout}.
	 */
	public void returnLeases(Duration timeout) {
		List<CompletableFuture<Long>> returns = new ArrayList<>();
		for (LeasedShadowBucket bucket : this.live) {
			long units = bucket.drainAbove(0);
			if (units > 0) {
				returns.add(giveBack(bucket, units).exceptionally(ex -> 0L));
			}
		}
		try {
			CompletableFuture.allOf(returns.toArray(new CompletableFuture<?>[0]))
				.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			logger.warn("Not every leased unit could be given back within " + timeout
					+ "; the rest returns to the other instances when its step ends");
		}
	}

	/**
	 * Stops the sweeps and the installs still retried, and gives back what the leases
	 * hold ({@link #returnLeases}, at most 1 s): on a graceful shutdown this runs after
	 * the web server stopped taking requests.
	 */
	@Override
	public void close() {
		if (this.sweeper != null) {
			this.sweeper.shutdownNow();
		}
		this.installs.values().forEach(LedgerInstall::abandon);
		returnLeases(Duration.ofSeconds(1));
	}

}
