package io.github.predictivegateway.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.ClusterUsage;
import io.github.predictivegateway.usage.StepUsage;

/**
 * The cluster's usage of a step in one Redis hash per step ({@link RedisKeys#stepUsage}):
 * each instance writes its own fields, {@code <instance>:<tenant>:<resource>} →
 * {@code attempted,admitted,preallocated,throttled,units,bytes,durationMsSum,durationMsMax},
 * a thousand per {@code HSET}, so writing again replaces (a retried call never counts
 * twice) and no call holds Redis long; reading scans the hash a thousand fields at a time
 * and adds the instances up. The hash expires three steps after the step.
 */
public final class RedisClusterUsage implements ClusterUsage {

	private static final int CHUNK = 1000;

	private final RedisConnector connector;

	private final RedisKeys keys;

	private final RedisGuard guard;

	private final Steps steps;

	private final String instance = UUID.randomUUID().toString().substring(0, 13);

	public RedisClusterUsage(RedisConnector connector, RedisKeys keys, RedisGuard guard, Steps steps) {
		this.connector = connector;
		this.keys = keys;
		this.guard = guard;
		this.steps = steps;
	}

	@Override
	public CompletableFuture<Void> contribute(long step, List<StepUsage> records) {
		if (records.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		String key = this.keys.stepUsage(step);
		long ttlMillis = Math.max(1000, 3 * this.steps.lengthNanos() / 1_000_000);
		CompletableFuture<?> written = CompletableFuture.completedFuture(null);
		for (int from = 0; from < records.size(); from += CHUNK) {
			Map<String, byte[]> fields = new LinkedHashMap<>();
			for (StepUsage record : records.subList(from, Math.min(records.size(), from + CHUNK))) {
				fields.put(this.instance + ":" + RedisKeys.encode(record.tenant()) + ":"
						+ RedisKeys.encode(record.resource()), encode(record));
			}
			written = written
				.thenCompose(previous -> this.guard
					.background(() -> this.connector.commands().hset(key, fields).toCompletableFuture()))
				.thenCompose(previous -> this.guard
					.background(() -> this.connector.commands().pexpire(key, ttlMillis).toCompletableFuture()));
		}
		return written.thenApply(done -> null);
	}

	@Override
	public CompletableFuture<List<StepUsage>> total(long step) {
		Map<String, StepUsage> sums = new HashMap<>();
		Instant start = Instant.ofEpochSecond(0, this.steps.startNanos(step));
		return scan(this.keys.stepUsage(step), ScanCursor.INITIAL, sums, start)
			.thenApply(done -> List.copyOf(sums.values()));
	}

	private CompletableFuture<Void> scan(String key, ScanCursor cursor, Map<String, StepUsage> sums, Instant start) {
		return this.guard.<MapScanCursor<String, byte[]>>background(
				() -> this.connector.commands().hscan(key, cursor, ScanArgs.Builder.limit(CHUNK)).toCompletableFuture())
			.thenCompose(page -> {
				page.getMap().forEach((field, value) -> add(sums, field, value, start));
				return page.isFinished() ? CompletableFuture.completedFuture(null) : scan(key, page, sums, start);
			});
	}

	private static void add(Map<String, StepUsage> sums, String field, byte[] value, Instant start) {
		String[] parts = field.split(":", -1);
		if (parts.length != 3) {
			return;
		}
		String series = parts[1] + ":" + parts[2];
		StepUsage record = decode(decodeName(parts[1]), decodeName(parts[2]), start, value);
		sums.merge(series, record, RedisClusterUsage::sum);
	}

	static byte[] encode(StepUsage record) {
		return (record.attempted() + "," + record.admitted() + "," + record.preallocated() + "," + record.throttled()
				+ "," + record.units() + "," + record.bytes() + "," + record.durationMsSum() + ","
				+ record.durationMsMax())
			.getBytes(StandardCharsets.US_ASCII);
	}

	static StepUsage decode(String tenant, String resource, Instant start, byte[] value) {
		String[] n = new String(value, StandardCharsets.US_ASCII).split(",");
		return new StepUsage(tenant, resource, start, Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2]),
				Long.parseLong(n[3]), Double.parseDouble(n[4]), Long.parseLong(n[5]), Double.parseDouble(n[6]),
				Double.parseDouble(n[7]));
	}

	private static StepUsage sum(StepUsage a, StepUsage b) {
		return new StepUsage(a.tenant(), a.resource(), a.stepStart(), a.attempted() + b.attempted(),
				a.admitted() + b.admitted(), a.preallocated() + b.preallocated(), a.throttled() + b.throttled(),
				a.units() + b.units(), a.bytes() + b.bytes(), a.durationMsSum() + b.durationMsSum(),
				Math.max(a.durationMsMax(), b.durationMsMax()));
	}

	private static String decodeName(String encoded) {
		return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
	}

}
