package io.github.predictivegateway.usage;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import reactor.core.publisher.Mono;

import io.github.predictivegateway.wire.UsageValidator;

/**
 * Where usage records go: the sidecar's {@code POST /v1/usage}, the Redis usage stream
 * every sidecar reads ({@code RedisUsageSink}), or the embedded forecaster's usage store.
 * Sending the same record again replaces it there (records are identified by instance ×
 * tenant × resource × step), so a retry never counts twice.
 */
@FunctionalInterface
public interface UsageSink {

	/**
	 * What became of a batch that reached the forecaster.
	 *
	 * @param kind accepted, rejected as invalid, or too large
	 * @param invalid for a rejected batch, the records the forecaster named as invalid,
	 * by their index in the batch, each with its first error; empty when it named none
	 * (the batch is invalid as a whole)
	 * @param errors for a rejected batch, the forecaster's errors as it sent them
	 */
	record Result(Kind kind, Map<Integer, String> invalid, List<String> errors) {

		/** Stored. */
		public static final Result ACCEPTED = new Result(Kind.ACCEPTED, Map.of(), List.of());

		/** Refused as invalid as a whole: sending it again would not help. */
		public static final Result REJECTED = new Result(Kind.REJECTED, Map.of(), List.of());

		/**
		 * Refused as too large ({@code 413}): sent again in smaller batches it may pass.
		 */
		public static final Result TOO_LARGE = new Result(Kind.TOO_LARGE, Map.of(), List.of());

		public Result {
			invalid = Map.copyOf(invalid);
			errors = List.copyOf(errors);
		}

		/**
		 * A batch refused as invalid, with the forecaster's errors; the records they name
		 * ({@code records[3].attempted …}) are the invalid ones.
		 */
		public static Result rejected(List<String> errors) {
			Map<Integer, String> invalid = new TreeMap<>();
			for (String error : errors) {
				OptionalInt index = UsageValidator.recordIndex(error);
				if (index.isPresent()) {
					invalid.putIfAbsent(index.getAsInt(), error);
				}
			}
			return new Result(Kind.REJECTED, invalid, errors);
		}

	}

	/** What a {@link Result} says of the batch. */
	enum Kind {

		/** Stored. */
		ACCEPTED,

		/**
		 * Refused as invalid: sending it again unchanged would not help; without the
		 * records named invalid, it may pass.
		 */
		REJECTED,

		/** Refused as too large: it must be split. */
		TOO_LARGE

	}

	/**
	 * Sends one batch; errors (unreachable, timeout, server error) mean it may be sent
	 * again.
	 */
	Mono<Result> publish(String instance, List<StepUsage> records);

}
