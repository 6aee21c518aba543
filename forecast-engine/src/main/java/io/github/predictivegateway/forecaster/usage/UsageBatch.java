package io.github.predictivegateway.forecaster.usage;

import java.util.List;

/**
 * The body of {@code POST /v1/usage} as received: every field nullable, so that a missing
 * one is reported by {@link UsageValidator} instead of silently becoming 0. Unknown
 * fields are rejected by the JSON reader.
 */
public record UsageBatch(String instance, List<Entry> records) {

	/**
	 * One record as received. {@code stepStart} is an ISO-8601 instant, e.g.
	 * {@code 2026-11-30T09:00:00Z}.
	 */
	public record Entry(String tenant, String resource, String stepStart, Long attempted, Long admitted,
			Long preallocated, Long throttled, Double units, Long bytes, Double durationMsSum, Double durationMsMax) {
	}

}
