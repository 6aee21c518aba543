package io.github.predictivegateway.admission;

import java.util.Locale;

/**
 * The class of an admission decision. It travels with the request into response headers,
 * metrics and usage records.
 */
public enum Decision {

	/**
	 * Served from the tenant's shadow bucket: capacity reserved ahead of time from a
	 * forecast.
	 */
	PREALLOCATED,

	/** Served from the tenant's ordinary token bucket. */
	STANDARD,

	/** Admitted by the tenant stage, waited for room at the capacity gate. */
	QUEUED,

	/** Neither bucket held the cost: answered 429. */
	THROTTLED,

	/** Waited in the queue longer than its class allows: answered 503. */
	TIMED_OUT,

	/**
	 * Admitted by the tenant stage, but found the capacity gate full and the admission
	 * queue full too (or was displaced from it by a request of a higher class): answered
	 * 503.
	 */
	QUEUE_FULL,

	/** No tenant could be resolved and no anonymous tenant is configured. */
	REJECTED_KEY;

	private final String headerValue = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/**
	 * The lower-case form used in the {@code X-Predictive-Decision} header and in metric
	 * tags.
	 */
	public String headerValue() {
		return this.headerValue;
	}

	public boolean admitted() {
		return this == PREALLOCATED || this == STANDARD || this == QUEUED;
	}

}
