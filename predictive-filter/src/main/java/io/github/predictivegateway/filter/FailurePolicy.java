package io.github.predictivegateway.filter;

import java.util.Locale;

/**
 * What a route does when the shared store of distributed mode (Redis) cannot decide a
 * request in time: Redis is down, slow beyond {@code predictive.redis.timeout}, or its
 * circuit breaker is open. Pre-allocated requests served from this instance's lease are
 * not affected; only those that need the shared standard bucket are.
 */
public enum FailurePolicy {

	/**
	 * Decide with this instance's fallback bucket, at its share of the plan
	 * ({@code rate / expected-instances}, {@code burst / expected-instances}).
	 * Availability first: with the expected number of instances behind an even load
	 * balancer, the tenant keeps about its plan; with fewer, less; with more, more. The
	 * right choice for most APIs, where a short, bounded over- or under-admission beats
	 * an outage.
	 */
	FAIL_OPEN("fail-open"),

	/**
	 * Answer {@code 503 Service Unavailable} with {@code Retry-After} and a problem body.
	 * Limits first: for routes where admitting beyond the plan is worse than refusing
	 * (paid quotas, a fragile backend, abuse-prone endpoints).
	 */
	FAIL_CLOSED("fail-closed");

	private final String value;

	FailurePolicy(String value) {
		this.value = value;
	}

	/**
	 * The configuration and meter tag value: {@code fail-open} or {@code fail-closed}.
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Parses {@code fail-open} or {@code fail-closed} (case and {@code _}/{@code -}
	 * insensitive).
	 */
	public static FailurePolicy parse(String text) {
		String normalized = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (FailurePolicy policy : values()) {
			if (policy.value.equals(normalized)) {
				return policy;
			}
		}
		throw new IllegalArgumentException("failure policy '" + text + "' is not one of fail-open, fail-closed");
	}

}
