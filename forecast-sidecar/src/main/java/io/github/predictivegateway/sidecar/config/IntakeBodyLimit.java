package io.github.predictivegateway.sidecar.config;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.wire.UsageBatchCodec;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The request body limit of the sidecar's intake,
 * {@code spring.http.codecs.max-in-memory-size} (Boot 3's
 * {@code spring.codec.max-in-memory-size}; WebFlux reads every body through its codecs,
 * which hold at most that many bytes), set explicitly in the sidecar's
 * {@code application.yml} and checked at start-up: it must hold the largest valid batch
 * of {@code sidecar.max-batch-records} records ({@link UsageBatchCodec#maxBatchBytes}:
 * 18,890,796 bytes for 10,000 records), or a valid batch would be refused as too large.
 * Unset, it would be Spring's 256 KiB, which 1,000 records of 60-character tenant ids
 * already exceed.
 */
final class IntakeBodyLimit {

	static final String PROPERTY = "spring.http.codecs.max-in-memory-size";

	private IntakeBodyLimit() {
	}

	/**
	 * Checks the configured limit against the largest valid batch.
	 * @throws IllegalStateException naming both properties when it is unset or too low
	 */
	static long check(Environment environment, int maxBatchRecords) {
		return check(Binder.get(environment).bind(PROPERTY, DataSize.class).orElse(null), maxBatchRecords);
	}

	static long check(@Nullable DataSize limit, int maxBatchRecords) {
		long needed = UsageBatchCodec.maxBatchBytes(maxBatchRecords);
		if (limit == null) {
			throw new IllegalStateException(PROPERTY + " is not set: set it to at least " + needed
					+ "B, the largest valid usage batch of sidecar.max-batch-records=" + maxBatchRecords
					+ " records (Spring's default, 256KB, refuses much smaller ones)");
		}
		if (limit.toBytes() < needed) {
			throw new IllegalStateException(PROPERTY + " is " + limit + ", below the " + needed
					+ " bytes of the largest valid usage batch of sidecar.max-batch-records=" + maxBatchRecords
					+ " records: raise it to at least " + needed + "B or lower sidecar.max-batch-records");
		}
		return limit.toBytes();
	}

}
