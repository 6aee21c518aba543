package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;

import io.github.predictivegateway.gate.CapacityGate;
import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.gate.QueueSettings;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.TimeSource;

/**
 * A capacity gate shared by all instances: one Bucket4j bucket in Redis per resource type
 * ({@link RedisKeys#gate}), refilled at {@code capacity} units/s, holding
 * {@code size = max(1, ceil(capacity × burst))} units ({@link CapacityGate#size}), like
 * {@link LocalCapacityGate}. Instances do not ask Redis per request: each leases chunks
 * of the shared bucket into local memory ({@code tryConsumeAsMuchAsPossible(chunk)}) and
 * admits from its lease; a chunk is sized from this instance's recent rate over
 * {@code horizon}, at least 1 and at most {@code ceil(size / expectedInstances)}, and is
 * asked for, without waiting, once the lease holds less than half of one.
 *
 * <p>
 * <b>Bound.</b> Units are taken from the shared bucket before any instance spends them,
 * so admission never exceeds what the shared bucket lets out, but a leased unit may be
 * spent later than it was taken. Each instance holds at most one chunk
 * ({@code ≤ ceil(size / expectedInstances)}) plus one being fetched, so in any {@code t}
 * seconds the cluster admits at most
 * {@code size + capacity × t + 2 × expectedInstances × ceil(size /
 * expectedInstances)}, about {@code capacity × (t + 3 × burst)}: the lease slack is two
 * gate bursts.
 *
 * <p>
 * While Redis cannot answer (circuit open) the gate falls back to a local gate at this
 * instance's share, {@code capacity / expectedInstances}: the gate protects the backend,
 * and a share protects it as well as the whole did, whatever the route's failure policy.
 * A request costing more than {@code size} passes once the lease holds {@code size} and
 * owes the rest to the shared bucket (Bucket4j's debt), as locally.
 */
public final class RedisCapacityGate implements CapacityGate {

	private final AsyncBucketProxy shared;

	private final RedisGuard guard;

	private final LocalCapacityGate fallback;

	private final double capacity;

	private final long size;

	private final long maxChunk;

	private final long horizonNanos;

	private final AtomicLong local = new AtomicLong();

	/** Units admitted by the fallback and not yet released: they go back to it. */
	private final AtomicLong fromFallback = new AtomicLong();

	private final AtomicLong admitted = new AtomicLong();

	private final AtomicBoolean leasing = new AtomicBoolean();

	private volatile long chunk = 1;

	private volatile long lastLeaseNanos = System.nanoTime();

	private volatile long admittedAtLastLease;

	public RedisCapacityGate(RedisConnector connector, RedisKeys keys, ResourceType resource, Duration burst,
			int expectedInstances, Duration horizon, TimeSource time, RedisGuard guard) {
		this.capacity = resource.capacity();
		this.fallback = new LocalCapacityGate(this.capacity / expectedInstances, burst, time);
		this.size = CapacityGate.size(this.capacity, burst.toNanos());
		this.maxChunk = Math.max(1, (this.size + expectedInstances - 1) / expectedInstances);
		this.horizonNanos = horizon.toNanos();
		this.guard = guard;
		Duration refillPeriod = Duration.ofNanos(Math.max(1L, Math.round(this.size * 1e9 / this.capacity)));
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(limit -> limit.capacity(this.size).refillGreedy(this.size, refillPeriod))
			.build();
		this.shared = RedisStandardBuckets.proxyManager(connector, time)
			.builder()
			.build(keys.gate(resource), configuration);
	}

	@Override
	public boolean tryAcquire(long units) {
		if (this.guard.isOpen()) {
			boolean admitted = this.fallback.tryAcquire(units);
			if (admitted) {
				this.fromFallback.addAndGet(units);
			}
			return admitted;
		}
		long needed = Math.min(units, this.size);
		long current;
		do {
			current = this.local.get();
			if (current < needed) {
				lease(needed);
				return false;
			}
		}
		while (!this.local.compareAndSet(current, current - needed));
		if (units > needed) {
			this.guard.call(() -> this.shared.consumeIgnoringRateLimits(units - needed));
		}
		this.admitted.addAndGet(units);
		if (current - needed < (this.chunk + 1) / 2) {
			lease(1);
		}
		return true;
	}

	@Override
	public long nanosUntilAvailable(long units) {
		if (this.guard.isOpen()) {
			return this.fallback.nanosUntilAvailable(units);
		}
		long needed = Math.min(units, this.size);
		long held = this.local.get();
		if (held >= needed) {
			return 0;
		}
		lease(needed);
		// poll again once the shared bucket could have refilled what is missing beyond
		// the lease (at least 1 ms)
		return Math.max(1_000_000L, (long) Math.ceil((needed - held) * 1e9 / this.capacity));
	}

	/**
	 * Gives units back to the pool they came from, whatever the circuit says now: units
	 * taken from the local fallback while the circuit was open go back to it (until all
	 * it lent are back), the rest to this instance's lease of the shared gate, so a
	 * change of state in between neither mints units in one pool nor loses them from the
	 * other.
	 */
	@Override
	public void release(long units) {
		long toFallback = takeUpTo(this.fromFallback, units);
		if (toFallback > 0) {
			this.fallback.release(toFallback);
		}
		if (units > toFallback) {
			this.local.addAndGet(units - toFallback);
		}
	}

	private static long takeUpTo(AtomicLong outstanding, long units) {
		long current;
		long taken;
		do {
			current = outstanding.get();
			taken = Math.min(current, units);
		}
		while (taken > 0 && !outstanding.compareAndSet(current, current - taken));
		return taken;
	}

	@Override
	public double capacity() {
		return this.capacity;
	}

	/**
	 * The shared bucket's rule ({@code size + ⌊capacity × wait⌋}), capped by what the
	 * local fallback gate would let one request borrow, so that a request admissible
	 * while Redis answers is not refused forever while it does not.
	 */
	@Override
	public long largestRequest(long waitNanos) {
		return Math.min(CapacityGate.largestRequest(this.size, this.capacity, waitNanos),
				this.fallback.largestRequest(QueueSettings.MAX_WAIT.toNanos()));
	}

	/** Units this instance holds in its lease now. */
	public long leased() {
		return this.local.get();
	}

	private void lease(long atLeast) {
		if (!this.leasing.compareAndSet(false, true)) {
			return;
		}
		long now = System.nanoTime();
		long since = this.admitted.get() - this.admittedAtLastLease;
		if (since > 0) {
			double perNano = (double) since / Math.max(1, now - this.lastLeaseNanos);
			this.chunk = Math.max(1, Math.min(this.maxChunk, (long) Math.ceil(perNano * this.horizonNanos)));
		}
		this.lastLeaseNanos = now;
		this.admittedAtLastLease = this.admitted.get();
		long want = Math.max(atLeast, this.chunk);
		// credited when Redis answers, also after the guard's timeout: the shared bucket
		// has let the units out
		this.guard.call(() -> this.shared.tryConsumeAsMuchAsPossible(want).thenApply(taken -> {
			if (taken > 0) {
				this.local.addAndGet(taken);
			}
			return taken;
		})).whenComplete((taken, ex) -> this.leasing.set(false));
	}

}
