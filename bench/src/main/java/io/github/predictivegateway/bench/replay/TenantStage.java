package io.github.predictivegateway.bench.replay;

import io.github.predictivegateway.admission.Decision;

/**
 * The first stage of admission as one strategy does it: decides each arrival
 * {@link Decision#PREALLOCATED}, {@link Decision#STANDARD} or {@link Decision#THROTTLED}.
 * The second stage (capacity gate and priority queue) is the same for every strategy and
 * belongs to {@link ReplayRun}.
 */
interface TenantStage {

	/**
	 * Called once the clock is at the start of step {@code step}, before any of its
	 * arrivals.
	 */
	void beginStep(int step);

	/** Decides one request of one unit of {@code tenant} at the current virtual time. */
	Decision admit(int tenant);

	/**
	 * Called at the last nanosecond of step {@code step}, after its arrivals.
	 * @param offered requests each tenant offered in the step (throttled ones included)
	 * @param granted where to add each tenant's reservation for the step, units
	 * @param used where to add what each tenant used of it, units
	 */
	void endStep(int step, long[] offered, long[] granted, long[] used);

	/**
	 * The adjustment multiplier {@code m} of {@code tenant} now, or NaN for a strategy
	 * without one.
	 */
	default double multiplier(int tenant) {
		return Double.NaN;
	}

}
