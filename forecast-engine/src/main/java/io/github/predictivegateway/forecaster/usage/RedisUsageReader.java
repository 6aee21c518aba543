package io.github.predictivegateway.forecaster.usage;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisStreamCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.wire.UsageBatch;
import io.github.predictivegateway.wire.UsageBatchCodec;
import io.github.predictivegateway.wire.UsageRecord;
import io.github.predictivegateway.wire.UsageStream;
import io.github.predictivegateway.wire.UsageValidator;
import io.github.predictivegateway.wire.WireFormatException;

/**
 * Usage intake from Redis ({@code sidecar.usage.source=redis}): reads the gateways' usage
 * stream ({@link UsageStream}), where each entry's batch field is a batch as
 * {@code POST /v1/usage} takes it ({@link UsageBatchCodec}), and feeds the same path as
 * HTTP: {@link UsageValidator}, then the {@link UsageStore} (journaled, deduplicated). No
 * gateway needs this sidecar's address, and every sidecar reading the stream sees every
 * instance's usage.
 *
 * <p>
 * {@link #poll()} reads up to {@code maxEntries} entries after this sidecar's own
 * {@link UsageStreamPosition}, stores their valid records in one journaled batch, then
 * saves the position. Invalid entries are logged, counted and skipped (one bad entry must
 * not stop the stream). Counting once: a record is identified by instance × tenant ×
 * resource × step and replaces an earlier one with the same identity, so an entry read
 * twice (after a crash between journal and position) or added twice by a retrying gateway
 * adds nothing. Runs on the sidecar's scheduler thread: it blocks, it is not on a request
 * path.
 */
public final class RedisUsageReader {

	private static final Log logger = LogFactory.getLog(RedisUsageReader.class);

	private final RedisStreamCommands<String, String> redis;

	private final UsageStreamPosition position;

	private final UsageValidator validator;

	private final UsageStore store;

	private final int maxEntries;

	private long entriesRead;

	private long invalidEntries;

	private long missedReads;

	public RedisUsageReader(RedisStreamCommands<String, String> redis, UsageStreamPosition position,
			UsageValidator validator, UsageStore store, int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("at least 1 entry per read, got " + maxEntries);
		}
		this.redis = redis;
		this.position = position;
		this.validator = validator;
		this.store = store;
		this.maxEntries = maxEntries;
	}

	/**
	 * What one {@link #poll()} did.
	 *
	 * @param missed whether the stream had been trimmed past this sidecar's position:
	 * entries it never read may have been lost to it (see {@link #missedSince})
	 */
	public record Polled(int entries, int invalid, UsageHistory.Applied applied, boolean missed) {
	}

	/**
	 * Reads and stores the next entries; returns what it found (no entries when the
	 * stream has nothing new).
	 */
	public synchronized Polled poll() {
		List<StreamMessage<String, String>> messages = this.redis.xread(XReadArgs.Builder.count(this.maxEntries),
				XReadArgs.StreamOffset.from(this.position.stream(), this.position.lastId()));
		if (messages == null || messages.isEmpty()) {
			return new Polled(0, 0, new UsageHistory.Applied(0, 0, 0), false);
		}
		boolean missed = missedSince(this.position.lastId());
		List<UsageRecord> records = new ArrayList<>();
		int invalid = 0;
		for (StreamMessage<String, String> message : messages) {
			List<String> errors = read(message, records);
			if (!errors.isEmpty()) {
				invalid++;
				logger.warn("Skipped usage stream entry " + message.getId() + ": " + errors);
			}
		}
		UsageHistory.Applied applied = this.store.append(records);
		this.position.save(messages.get(messages.size() - 1).getId());
		this.entriesRead += messages.size();
		this.invalidEntries += invalid;
		if (missed) {
			this.missedReads++;
		}
		return new Polled(messages.size(), invalid, applied, missed);
	}

	/**
	 * Whether the stream was trimmed past {@code lastId}: its oldest entry
	 * ({@code recorded-first-entry-id} of {@code XINFO STREAM}, Redis 7) is newer than
	 * the last one this sidecar read. Then the entry read last is gone and so, unless it
	 * was the only one trimmed since, are entries it never read: at least
	 * {@code max-entries} were added since the last read. An older Redis does not report
	 * it, and nothing is reported.
	 */
	private boolean missedSince(String lastId) {
		if (lastId.equals("0")) {
			return false;
		}
		List<Object> info;
		try {
			info = this.redis.xinfoStream(this.position.stream());
		}
		catch (RuntimeException ex) {
			return false;
		}
		for (int i = 0; i + 1 < info.size(); i += 2) {
			if ("recorded-first-entry-id".equals(String.valueOf(info.get(i)))) {
				String first = String.valueOf(info.get(i + 1));
				boolean missed = compare(first, lastId) > 0;
				if (missed) {
					logger.warn("The usage stream was trimmed past this sidecar's position " + lastId + " (its oldest"
							+ " entry is " + first + "): entries may have been lost to it; raise the gateways'"
							+ " predictive.redis.usage-stream-max-entries");
				}
				return missed;
			}
		}
		return false;
	}

	/** Orders stream ids {@code <ms>-<seq>}. */
	static int compare(String a, String b) {
		String[] x = a.split("-");
		String[] y = b.split("-");
		int byTime = Long.compareUnsigned(Long.parseUnsignedLong(x[0]), Long.parseUnsignedLong(y[0]));
		if (byTime != 0 || x.length < 2 || y.length < 2) {
			return byTime;
		}
		return Long.compareUnsigned(Long.parseUnsignedLong(x[1]), Long.parseUnsignedLong(y[1]));
	}

	private List<String> read(StreamMessage<String, String> message, List<UsageRecord> into) {
		String body = (message.getBody() != null) ? message.getBody().get(UsageStream.BATCH_FIELD) : null;
		if (body == null) {
			return List.of("no '" + UsageStream.BATCH_FIELD + "' field");
		}
		UsageBatch batch;
		try {
			batch = UsageBatchCodec.read(body);
		}
		catch (WireFormatException ex) {
			return List.of(ex.getMessage());
		}
		UsageValidator.Result result = this.validator.validate(batch);
		if (result.valid()) {
			into.addAll(result.records());
		}
		return result.errors();
	}

	/** Id of the last entry stored. */
	public String lastId() {
		return this.position.lastId();
	}

	/** Entries read since start. */
	public synchronized long entriesRead() {
		return this.entriesRead;
	}

	/** Reads that found the stream trimmed past this sidecar's position, since start. */
	public synchronized long missedReads() {
		return this.missedReads;
	}

	/** Entries skipped as invalid since start. */
	public synchronized long invalidEntries() {
		return this.invalidEntries;
	}

}
