package io.github.predictivegateway.forecaster.history;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.wire.UsageRecord;

/**
 * The durable usage history: a {@link UsageJournal} in the data directory in front of the
 * in-memory {@link UsageHistory}. A batch is journaled and forced to disk before it is
 * applied and acknowledged; on start the journal is replayed, so everything acknowledged
 * before a crash is back. When the journal outgrows both {@code compactBytes} and twice
 * its size after the last compaction, it is rewritten as the records that rebuild the
 * current state (so a state larger than the limit is not rewritten on every batch).
 */
public final class UsageStore implements Closeable {

	private static final Log logger = LogFactory.getLog(UsageStore.class);

	static final String JOURNAL_FILE = "usage.journal";

	private final UsageHistory history;

	private final UsageJournal journal;

	private final long compactBytes;

	private long sizeAfterCompaction;

	private UsageStore(UsageHistory history, UsageJournal journal, long compactBytes) {
		this.history = history;
		this.journal = journal;
		this.compactBytes = compactBytes;
	}

	/**
	 * Opens (creating if needed) the store in {@code dataDirectory} and replays its
	 * journal.
	 */
	public static UsageStore open(Path dataDirectory, UsageHistory empty, long compactBytes) {
		return open(dataDirectory, empty, compactBytes, FileChannel::open);
	}

	/** The same, with the journal's files opened by {@code opener}. */
	static UsageStore open(Path dataDirectory, UsageHistory empty, long compactBytes, UsageJournal.Opener opener) {
		UsageJournal journal = new UsageJournal(dataDirectory.resolve(JOURNAL_FILE), JsonMapper.builder().build(),
				opener);
		try {
			List<List<UsageRecord>> batches = journal.open();
			int records = 0;
			for (List<UsageRecord> batch : batches) {
				empty.apply(batch);
				records += batch.size();
			}
			logger.info("Usage history replayed: " + batches.size() + " batches, " + records + " records, "
					+ empty.series().size() + " series");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the usage journal in " + dataDirectory, ex);
		}
		return new UsageStore(empty, journal, compactBytes);
	}

	/**
	 * Stores a validated batch durably, then applies it.
	 * @throws UncheckedIOException if it could not be written; then nothing of the batch
	 * was applied
	 */
	public synchronized UsageHistory.Applied append(List<UsageRecord> records) {
		if (records.isEmpty()) {
			return new UsageHistory.Applied(0, 0, 0);
		}
		try {
			this.journal.append(records);
			UsageHistory.Applied applied = this.history.apply(records);
			long size = this.journal.size();
			if (size > this.compactBytes && size > 2 * this.sizeAfterCompaction) {
				compact();
			}
			return applied;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the usage journal", ex);
		}
	}

	/** Rewrites the journal as the records that rebuild the current state. */
	public synchronized void compact() throws IOException {
		List<UsageRecord> records = this.history.toRecords();
		long before = this.journal.size();
		this.journal.rewrite(records);
		this.sizeAfterCompaction = this.journal.size();
		logger.info("Usage journal compacted from " + before + " to " + this.journal.size() + " bytes");
	}

	public UsageHistory history() {
		return this.history;
	}

	@Override
	public synchronized void close() throws IOException {
		this.journal.close();
	}

}
