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

	/**
	 * Decides one request of one unit of {@code tenant} at the current virtual time.
	 */
	Admission admit(int tenant);

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

	/**
	 * One request's decision, and how to give back what the stage took for it: the
	 * gateway's filter refunds a request the capacity gate refused
	 * ({@code AdmissionEngine#refund}), so that a tenant's budget (its pre-allocation or
	 * standard bucket) is spent only on requests that reached the backend.
	 *
	 * @param decision the tenant stage's decision
	 * @param refund gives the request's units back to what served it; does nothing for a
	 * throttled request
	 */
	record Admission(Decision decision, Runnable refund) {

		private static final Runnable NOTHING = () -> {
		};

		/** A decision with nothing to give back. */
		static Admission of(Decision decision) {
			return new Admission(decision, NOTHING);
		}

	}

}
