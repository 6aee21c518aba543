package io.github.predictivegateway.preallocation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the local and the leased shadow bucket share: the step's grant, and the units this
 * instance holds now, taken lock-free by a compare-and-set.
 */
public abstract class AbstractShadowBucket implements ShadowBucket {

	private final AtomicLong granted;

	private final AtomicLong held;

	/**
	 * @param granted the grant, cluster-wide
	 * @param held the units this instance holds at first
	 */
	protected AbstractShadowBucket(long granted, long held) {
		this.granted = new AtomicLong(granted);
		this.held = new AtomicLong(held);
	}

	/**
	 * Takes {@code cost} units from what this instance holds if it holds at least that
	 * many; otherwise takes nothing.
	 * @return the units left after taking them, or {@code -1} when there were not enough
	 */
	protected final long takeHeld(long cost) {
		long current;
		do {
			current = this.held.get();
			if (current < cost) {
				return -1;
			}
		}
		while (!this.held.compareAndSet(current, current - cost));
		return current - cost;
	}

	/**
	 * The units this instance holds, for the updates {@link #takeHeld} does not cover.
	 */
	protected final AtomicLong held() {
		return this.held;
	}

	/**
	 * The grant, for a bucket whose grant changes within its step (top-ups and early
	 * releases of {@link LocalShadowBucket}).
	 */
	protected final AtomicLong grant() {
		return this.granted;
	}

	@Override
	public final long granted() {
		return this.granted.get();
	}

	@Override
	public final long remaining() {
		return this.held.get();
	}

}
