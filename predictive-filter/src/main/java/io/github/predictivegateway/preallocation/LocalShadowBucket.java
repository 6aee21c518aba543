package io.github.predictivegateway.preallocation;

import io.github.predictivegateway.plan.Cost;

/**
 * A shadow bucket holding the step's whole grant in this instance's memory: local mode,
 * where this instance is the only one spending it. Lock-free: a compare-and-set takes the
 * cost.
 *
 * <p>
 * The grant may change within its step ({@link InStepAdjustment}): {@link #topUp} adds to
 * it and to what is held, {@link #release} takes back from both what is held and not yet
 * spent. Neither changes {@link #used()}.
 */
public final class LocalShadowBucket extends AbstractShadowBucket {

	public LocalShadowBucket(long granted) {
		super(requireGrant(granted), granted);
	}

	private static long requireGrant(long granted) {
		if (granted < 0) {
			throw new IllegalArgumentException("a grant cannot be negative, got " + granted);
		}
		return granted;
	}

	/**
	 * Takes {@code cost} units if the bucket holds at least that many; otherwise takes
	 * nothing.
	 * @return the units left after taking them, or {@code -1} when there were not enough
	 */
	@Override
	public long tryConsume(long cost) {
		Cost.require(cost);
		return takeHeld(cost);
	}

	/**
	 * Gives back {@code units} a request took and did not use (the capacity gate refused
	 * it), never holding more than the grant.
	 */
	@Override
	public void giveBack(long units) {
		Cost.require(units);
		long grant = granted();
		held().accumulateAndGet(units, (current, back) -> Math.min(grant, current + back));
	}

	/**
	 * Adds {@code units} to the grant and to what the bucket holds: a top-up within the
	 * step.
	 * @throws IllegalArgumentException if {@code units < 1}
	 */
	public void topUp(long units) {
		Cost.require(units);
		grant().addAndGet(units);
		held().addAndGet(units);
	}

	/**
	 * Takes back up to {@code units} of what the bucket holds, and as much from the
	 * grant: an early release of a grant left idle. Units already spent are never taken
	 * back.
	 * @return the units released, at most {@code units} and at most what was held
	 * @throws IllegalArgumentException if {@code units < 1}
	 */
	public long release(long units) {
		Cost.require(units);
		long current;
		long taken;
		do {
			current = held().get();
			taken = Math.min(units, current);
			if (taken == 0) {
				return 0;
			}
		}
		while (!held().compareAndSet(current, current - taken));
		grant().addAndGet(-taken);
		return taken;
	}

}
