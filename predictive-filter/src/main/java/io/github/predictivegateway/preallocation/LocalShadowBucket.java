package io.github.predictivegateway.preallocation;

import java.util.concurrent.atomic.AtomicLong;

import io.github.predictivegateway.plan.Cost;

/**
 * A shadow bucket holding the step's whole grant in this instance's memory: local mode,
 * where this instance is the only one spending it. Lock-free: a compare-and-set takes the
 * cost.
 */
public final class LocalShadowBucket implements ShadowBucket {

	private final long granted;

	private final AtomicLong remaining;

	public LocalShadowBucket(long granted) {
		if (granted < 0) {
			throw new IllegalArgumentException("a grant cannot be negative, got " + granted);
		}
		this.granted = granted;
		this.remaining = new AtomicLong(granted);
	}

	/**
	 * Takes {@code cost} units if the bucket holds at least that many; otherwise takes
	 * nothing.
	 * @return the units left after taking them, or {@code -1} when there were not enough
	 */
	@Override
	public long tryConsume(long cost) {
		Cost.require(cost);
		long current;
		do {
			current = this.remaining.get();
			if (current < cost) {
				return -1;
			}
		}
		while (!this.remaining.compareAndSet(current, current - cost));
		return current - cost;
	}

	/**
	 * Gives back {@code units} a request took and did not use (the capacity gate refused
	 * it), never holding more than the grant.
	 */
	@Override
	public void giveBack(long units) {
		Cost.require(units);
		this.remaining.accumulateAndGet(units, (current, back) -> Math.min(this.granted, current + back));
	}

	@Override
	public long granted() {
		return this.granted;
	}

	@Override
	public long remaining() {
		return this.remaining.get();
	}

}
