package io.github.predictivegateway.gate;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;

import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.time.TimeSourceMeter;

/**
 * A capacity gate in this instance's memory: a Bucket4j bucket refilled greedily at
 * {@code capacity} units per second that holds at most
 * {@code size = max(1, ceil(capacity × burst))} units ({@link CapacityGate#size}: a
 * product that is whole but for floating-point rounding is not rounded up), so that in
 * any interval of {@code t} seconds it lets through at most {@code size + capacity × t}
 * units.
 *
 * <p>
 * A request that costs more than {@code size} could never fit; rather than refusing it
 * forever, it passes when the gate is full, takes all of it and borrows the rest from the
 * future (the bucket goes into debt and refills from below zero), so the average rate
 * still never exceeds the capacity. The debt is bounded: the admission queue lets no
 * request past {@link #largestRequest(long) size + capacity × its longest wait}, and the
 * gate itself never borrows more than {@link QueueSettings#MAX_WAIT} of capacity
 * (refusing a larger request), far below Bucket4j's own limit on a reservation
 * ({@code consumeIgnoringRateLimits} throws past about 292 years of refill).
 */
public final class LocalCapacityGate implements CapacityGate {

	/**
	 * The highest capacity a local gate supports, units per second: Bucket4j refills at
	 * most 1 unit per ns.
	 */
	public static final double MAX_CAPACITY = 1e9;

	/**
	 * The shortest gate burst: a gate of less than a millisecond would smooth nothing.
	 */
	public static final Duration MIN_BURST = Duration.ofMillis(1);

	/**
	 * The longest gate burst: a gate letting more than a minute of capacity through at
	 * once would no longer protect the backend.
	 */
	public static final Duration MAX_BURST = Duration.ofSeconds(60);

	private final Bucket bucket;

	private final long size;

	private final double capacity;

	/** The most one request may borrow: {@link QueueSettings#MAX_WAIT} of capacity. */
	private final long largestAtAll;

	/**
	 * @param capacity units per second, positive, at most {@link #MAX_CAPACITY}
	 * @param burst how much capacity the gate may let through at once, as a time: the
	 * bucket holds {@code capacity × burst} units (at least 1)
	 * @param time the engine's clock, for the refill
	 */
	public LocalCapacityGate(double capacity, Duration burst, TimeSource time) {
		requireCapacity(capacity);
		requireBurst(burst);
		this.capacity = capacity;
		this.size = CapacityGate.size(capacity, burst.toNanos());
		this.largestAtAll = CapacityGate.largestRequest(this.size, capacity, QueueSettings.MAX_WAIT.toNanos());
		Duration refillPeriod = Duration.ofNanos(Math.max(1L, Math.round(this.size * 1e9 / capacity)));
		this.bucket = Bucket.builder()
			.addLimit(limit -> limit.capacity(this.size).refillGreedy(this.size, refillPeriod))
			.withCustomTimePrecision(new TimeSourceMeter(time))
			.build();
	}

	/**
	 * @throws IllegalArgumentException unless {@code capacity} is a positive number of
	 * units per second, at most {@link #MAX_CAPACITY} (Bucket4j's refill limit)
	 */
	public static void requireCapacity(double capacity) {
		if (!(capacity > 0)) {
			throw new IllegalArgumentException(
					"capacity is " + capacity + "; it must be a positive number of units per second");
		}
		if (capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException(
					"capacity is " + capacity + "; the capacity gate refills at most " + (long) MAX_CAPACITY
							+ " units per second: count in larger units (e.g. kilobytes instead of bytes)");
		}
	}

	/**
	 * @throws IllegalArgumentException unless {@code burst} is from {@link #MIN_BURST} to
	 * {@link #MAX_BURST}
	 */
	public static void requireBurst(Duration burst) {
		if (burst == null || burst.compareTo(MIN_BURST) < 0 || burst.compareTo(MAX_BURST) > 0) {
			throw new IllegalArgumentException("burst is " + burst + "; it must be from " + MIN_BURST.toMillis()
					+ "ms to " + MAX_BURST.toSeconds() + "s");
		}
	}

	@Override
	public boolean tryAcquire(long units) {
		if (units <= this.size) {
			return this.bucket.tryConsume(units);
		}
		if (units > this.largestAtAll) {
			return false;
		}
		if (!this.bucket.tryConsume(this.size)) {
			return false;
		}
		this.bucket.consumeIgnoringRateLimits(units - this.size);
		return true;
	}

	@Override
	public long nanosUntilAvailable(long units) {
		EstimationProbe probe = this.bucket.estimateAbilityToConsume(Math.min(units, this.size));
		return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
	}

	@Override
	public void release(long units) {
		this.bucket.addTokens(units);
	}

	@Override
	public double capacity() {
		return this.capacity;
	}

	@Override
	public long largestRequest(long waitNanos) {
		return Math.min(this.largestAtAll, CapacityGate.largestRequest(this.size, this.capacity, waitNanos));
	}

	/** Units the gate holds at most. */
	public long size() {
		return this.size;
	}

	/** Units the gate holds now (negative while it repays an oversized request). */
	public long availableUnits() {
		return this.bucket.getAvailableTokens();
	}

}
