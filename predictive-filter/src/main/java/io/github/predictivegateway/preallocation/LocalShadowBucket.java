package io.github.predictivegateway.preallocation;

import io.github.predictivegateway.plan.Cost;

/**
 * A shadow bucket holding the step's whole grant in this instance's memory: local mode,
 * where this instance is the only one spending it. Lock-free: a compare-and-set takes the
 * cost.
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

}
