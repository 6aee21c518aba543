package io.github.predictivegateway.filter;

/**
 * Response headers written by the {@code PredictiveRateLimiter} filter.
 */
public final class PredictiveHeaders {

	/**
	 * Units left in what served the request (the shadow bucket or the standard bucket); 0
	 * when throttled.
	 */
	public static final String REMAINING = "X-RateLimit-Remaining";

	/**
	 * The plan's standard refill rate, units per second (as Gateway's
	 * {@code RequestRateLimiter} sends it).
	 */
	public static final String REPLENISH_RATE = "X-RateLimit-Replenish-Rate";

	/** The plan's standard burst capacity, units. */
	public static final String BURST_CAPACITY = "X-RateLimit-Burst-Capacity";

	/** Units this request cost. */
	public static final String REQUESTED_TOKENS = "X-RateLimit-Requested-Tokens";

	/**
	 * The decision's class: {@code preallocated} or {@code standard} for an admitted
	 * request (the bucket that served it, also when it then waited at the capacity gate:
	 * see {@link #QUEUED_MS}), {@code throttled} (429), {@code timed-out} or
	 * {@code queue-full} (503).
	 */
	public static final String DECISION = "X-Predictive-Decision";

	/**
	 * {@code true} on every response of a route in shadow mode: the decision was computed
	 * and reported but not enforced (a {@code throttled} request was passed on).
	 */
	public static final String SHADOW = "X-Predictive-Shadow";

	/**
	 * Present when the request waited in the admission queue (the decision
	 * {@code queued}): whole milliseconds it waited, rounded up. A queued pre-allocated
	 * request thus reads {@code X-Predictive-Decision: preallocated} and
	 * {@code X-Predictive-Queued-Ms: 850}; a timed-out one {@code timed-out} and its
	 * wait.
	 */
	public static final String QUEUED_MS = "X-Predictive-Queued-Ms";

	/**
	 * IETF draft {@code RateLimit-Policy}:
	 * {@code "plan.resource";q=burst;w=seconds to refill the burst}.
	 */
	public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	/**
	 * IETF draft {@code RateLimit}:
	 * {@code "plan.resource";r=remaining;t=seconds until the cost fits again}.
	 */
	public static final String RATE_LIMIT = "RateLimit";

	private PredictiveHeaders() {
	}

}
