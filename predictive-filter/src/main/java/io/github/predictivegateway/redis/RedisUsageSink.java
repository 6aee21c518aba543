package io.github.predictivegateway.redis;

import java.util.List;
import java.util.Map;

import io.lettuce.core.XAddArgs;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageBatchJson;
import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.wire.UsageStream;

/**
 * Publishes usage batches to Redis instead of a sidecar's address: each batch is one
 * entry of the stream {@link RedisKeys#usageStream()}, its field
 * {@link UsageStream#BATCH_FIELD} the batch as {@code POST /v1/usage} takes it
 * ({@link UsageBatchJson}), so every sidecar reads every instance's usage from one place.
 *
 * <p>
 * <b>Idempotence.</b> A batch carries its instance id and each record its step; the
 * sidecar keeps each instance's contribution per series and step and a second record for
 * the same instance × series × step replaces the first. An entry added twice (a timed-out
 * {@code XADD} that did reach Redis, then sent again) therefore counts once.
 * <b>Retention.</b> Every {@code XADD} trims the stream to its newest {@code maxEntries}
 * entries ({@code MAXLEN}; exact trimming is affordable at one entry per instance and
 * step), so it never grows without bound; it must hold what a sidecar may have to catch
 * up on after being down. Calls go through the {@link RedisGuard} (time limit and circuit
 * breaker); a failure is an error the publisher retries with backoff.
 */
public final class RedisUsageSink implements UsageSink {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String stream;

	private final XAddArgs trim;

	public RedisUsageSink(RedisConnector connector, RedisKeys keys, RedisGuard guard, long maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("the usage stream must keep at least 1 entry, got " + maxEntries);
		}
		this.connector = connector;
		this.guard = guard;
		this.stream = keys.usageStream();
		this.trim = XAddArgs.Builder.maxlen(maxEntries);
	}

	@Override
	public Mono<Result> publish(String instance, List<StepUsage> records) {
		return Mono.defer(() -> {
			byte[] batch = UsageBatchJson.bytes(instance, records);
			return Mono.fromFuture(this.guard.call(() -> this.connector.commands()
				.xadd(this.stream, this.trim, Map.of(UsageStream.BATCH_FIELD, batch))
				.toCompletableFuture()));
		}).map(id -> Result.ACCEPTED);
	}

	/** The stream this sink adds to. */
	public String stream() {
		return this.stream;
	}

}
