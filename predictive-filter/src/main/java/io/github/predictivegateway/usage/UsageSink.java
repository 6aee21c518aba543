package io.github.predictivegateway.usage;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where usage records go: the sidecar's {@code POST /v1/usage}, the Redis usage stream
 * every sidecar reads ({@code RedisUsageSink}), or the embedded forecaster's usage store.
 * Sending the same record again replaces it there (records are identified by instance ×
 * tenant × resource × step), so a retry never counts twice.
 */
@FunctionalInterface
public interface UsageSink {

	/** What became of a batch that reached the forecaster. */
	enum Result {

		/** Stored. */
		ACCEPTED,

		/** Refused as invalid: sending it again would not help. */
		REJECTED

	}

	/**
	 * Sends one batch; errors (unreachable, timeout, server error) mean it may be sent
	 * again.
	 */
	Mono<Result> publish(String instance, List<StepUsage> records);

}
