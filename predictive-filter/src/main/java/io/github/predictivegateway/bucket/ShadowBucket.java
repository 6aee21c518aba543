package io.github.predictivegateway.bucket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A tenant's pre-allocation for one resource type and one step: it holds the step's whole
 * grant from the step's first instant and is discarded at the step's end, so nothing
 * carries over. It never refills; the next step gets a new shadow bucket.
 *
 * <p>
 * In distributed mode a subclass holds only what this instance leased of the grant from
 * the shared ledger and leases more as it is spent; the grant itself is spent once across
 * all instances.
 */
public class ShadowBucket {

	private final long granted;

	private final AtomicLong remaining;

	public ShadowBucket(long granted) {
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
	public long tryConsume(long cost) {
		if (cost < 1) {
			throw new IllegalArgumentException("cost must be at least 1, got " + cost);
		}
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
	public void giveBack(long units) {
		if (units < 1) {
			throw new IllegalArgumentException("units must be at least 1, got " + units);
		}
		this.remaining.accumulateAndGet(units, (current, back) -> Math.min(this.granted, current + back));
	}

	public long granted() {
		return this.granted;
	}

	public long remaining() {
		return this.remaining.get();
	}

	public long used() {
		return this.granted - this.remaining.get();
	}

}
