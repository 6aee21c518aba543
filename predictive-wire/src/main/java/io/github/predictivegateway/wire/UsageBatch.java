package io.github.predictivegateway.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A usage batch as it travels, the body of {@code POST /v1/usage} and the batch field of
 * an entry of the Redis usage stream ({@link UsageStream}): one gateway instance's usage
 * records. Written by the gateway and read by the forecaster with
 * {@link UsageBatchCodec}. Every field is nullable, so that a missing one is reported by
 * {@link UsageValidator} instead of silently becoming 0.
 *
 * @param instance the publishing gateway instance
 * @param records its records
 */
public record UsageBatch(@Nullable String instance, @Nullable List<@Nullable Entry> records) {

	/**
	 * One record as it travels. {@code stepStart} is an ISO-8601 instant, e.g.
	 * {@code 2026-11-30T09:00:00Z}; the fields are those of {@link UsageRecord}.
	 */
	public record Entry(@Nullable String tenant, @Nullable String resource, @Nullable String stepStart,
			@Nullable Long attempted, @Nullable Long admitted, @Nullable Long preallocated, @Nullable Long throttled,
			@Nullable Double units, @Nullable Long bytes, @Nullable Double durationMsSum,
			@Nullable Double durationMsMax) {
	}

}
