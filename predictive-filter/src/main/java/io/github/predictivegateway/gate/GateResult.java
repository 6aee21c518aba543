package io.github.predictivegateway.gate;

/**
 * How a request left the second stage of admission.
 *
 * @param outcome admitted, or why not
 * @param priority the request's class in the queue
 * @param queued whether it waited in the queue (a request admitted at once did not)
 * @param waitedNanos how long it waited, 0 when it did not
 * @param retryAfterSeconds for a refused request, whole seconds after which the backlog
 * ahead of it should have drained ({@code ceil(queued units / capacity)}, at least 1); 0
 * for an admitted one and for one that {@linkplain Outcome#NEVER_FITS never fits}
 */
public record GateResult(Outcome outcome, PriorityClass priority, boolean queued, long waitedNanos,
		long retryAfterSeconds) {

	/** How a request left the second stage. */
	public enum Outcome {

		/** The gate had room, at once or after a wait. */
		ADMITTED,

		/**
		 * It waited its class's maximum wait without the gate having room: answered 503.
		 */
		TIMED_OUT,

		/**
		 * The queue was full when it arrived, or a request of a higher class took its
		 * place: answered 503.
		 */
		QUEUE_FULL,

		/**
		 * The gateway is shutting down and the queue takes no more requests: answered
		 * 503.
		 */
		CLOSED,

		/**
		 * The request costs more than the gate could admit within the longest wait of any
		 * class ({@link AdmissionQueue#largestRequest()}): it never entered the queue,
		 * and asking again cannot help. Answered 413, without {@code Retry-After}.
		 */
		NEVER_FITS

	}

	public boolean admitted() {
		return this.outcome == Outcome.ADMITTED;
	}

	/**
	 * The wait in whole milliseconds, rounded up, as {@code X-Predictive-Queued-Ms} shows
	 * it.
	 */
	public long waitedMillis() {
		return (this.waitedNanos + 999_999) / 1_000_000;
	}

}
