package io.github.predictivegateway.standard;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TokensInheritanceStrategy;

import io.github.predictivegateway.plan.Cost;
import io.github.predictivegateway.standard.ImmediateStandardBuckets.TenantBucket;
import io.github.predictivegateway.time.TimeSource;

/**
 * One tenant's standard bucket for one resource type in memory: Bucket4j's bucket state
 * and arithmetic ({@link BucketState}, what each of Bucket4j's local buckets wraps),
 * driven under this object's monitor. Every method reads the clock once, refills the
 * state to that instant and answers from it, as Bucket4j's unsynchronized bucket does;
 * holding the state directly is what lets {@link #nanosToWait} tell a refused request its
 * wait without building Bucket4j's {@link ConsumptionProbe}, so that a throttled decision
 * allocates only its result.
 *
 * <p>
 * A bucket's units never go below zero here (nothing is taken on credit, and a new
 * configuration keeps the units held capped at its burst), which is what lets
 * {@link #tryTake} tell what it holds in the sign of its answer.
 */
final class GuardedBucket implements TenantBucket {

	private final TimeSource time;

	/**
	 * Guarded by {@code this}; replaced, not changed in place, when the configuration is.
	 */
	private BucketState state;

	GuardedBucket(BucketConfiguration configuration, TimeSource time) {
		this.time = time;
		this.state = BucketState.createInitialState(configuration, MathType.INTEGER_64_BITS, time.epochNanos());
	}

	@Override
	public synchronized long tryTake(long cost) {
		Cost.require(cost);
		long held = refill(this.time.epochNanos());
		if (cost > held) {
			return -1 - held;
		}
		this.state.consume(cost);
		return held - cost;
	}

	@Override
	public synchronized long nanosToWait(long cost) {
		Cost.require(cost);
		long now = this.time.epochNanos();
		refill(now);
		return this.state.calculateDelayNanosAfterWillBePossibleToConsume(cost, now, true);
	}

	@Override
	public synchronized ConsumptionProbe tryConsume(long cost) {
		Cost.require(cost);
		long now = this.time.epochNanos();
		long held = refill(now);
		if (cost > held) {
			return ConsumptionProbe.rejected(held,
					this.state.calculateDelayNanosAfterWillBePossibleToConsume(cost, now, true),
					this.state.calculateFullRefillingTime(now));
		}
		this.state.consume(cost);
		return ConsumptionProbe.consumed(held - cost, this.state.calculateFullRefillingTime(now));
	}

	/** Adds {@code units} to what the bucket holds now, up to its burst. */
	synchronized void giveBack(long units) {
		Cost.require(units);
		refill(this.time.epochNanos());
		this.state.addTokens(units);
	}

	/** Units held now. */
	synchronized long availableTokens() {
		return refill(this.time.epochNanos());
	}

	/**
	 * Takes a new configuration from now on, keeping the units held (capped at the new
	 * burst): what was refilled under the old configuration up to now stays, the new rate
	 * applies from now.
	 */
	synchronized void replace(BucketConfiguration configuration) {
		long now = this.time.epochNanos();
		refill(now);
		this.state = this.state.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS, now);
	}

	/**
	 * Refills the state up to {@code now} (an earlier instant than the last refill
	 * changes nothing).
	 */
	private long refill(long now) {
		this.state.refillAllBandwidth(now);
		return this.state.getAvailableTokens();
	}

}
