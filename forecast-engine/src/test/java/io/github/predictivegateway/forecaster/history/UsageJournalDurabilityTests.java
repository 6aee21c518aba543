package io.github.predictivegateway.forecaster.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.wire.SeriesKey;

import static io.github.predictivegateway.forecaster.history.UsageHistoryTests.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the journal promises about the disk, seen through channels that record what they
 * are asked: a batch is written and forced ({@link FileChannel#force}) before
 * {@link UsageStore#append} returns, whose return the sidecar answers {@code 202} with;
 * it is applied to the history only after that; a batch whose force fails is neither
 * applied nor acknowledged; compaction forces the new journal before it replaces the old
 * one.
 */
class UsageJournalDurabilityTests {

	private static final SeriesKey ACME_DB = new SeriesKey("acme", "db");

	@TempDir
	Path dir;

	private final List<String> events = new CopyOnWriteArrayList<>();

	private UsageStore store;

	/** Whether the disk refuses to sync from now on. */
	private volatile boolean forceFails;

	/** What the history holds of acme's step 1000 when a force is asked. */
	private final Supplier<String> historySeen = () -> (this.store != null)
			? "history " + this.store.history().demand(ACME_DB, 1000, 1001)[0] : "history not open";

	private UsageStore open() {
		this.store = UsageStore.open(this.dir, new UsageHistory(60, 10, 100), 1 << 20, (path,
				options) -> new RecordingChannel(FileChannel.open(path, options), path.getFileName().toString()));
		this.events.clear();
		return this.store;
	}

	@Test
	void aBatchIsForcedToDiskBeforeAppendReturnsAndAppliedOnlyThen() throws IOException {
		UsageStore store = open();

		store.append(List.of(record("gw-1", 1000, 3)));

		long size = Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE));
		assertThat(this.events).containsExactly("usage.journal write " + size + " bytes",
				"usage.journal force(false) at " + size + " bytes, history 0.0");
		assertThat(store.history().demand(ACME_DB, 1000, 1001)).containsExactly(3);
	}

	@Test
	void eachBatchIsForcedBeforeItsAppendReturns() throws IOException {
		UsageStore store = open();
		store.append(List.of(record("gw-1", 1000, 3)));
		long first = Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE));
		this.events.clear();

		store.append(List.of(record("gw-2", 1000, 4)));

		long second = Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE));
		assertThat(this.events).containsExactly("usage.journal write " + (second - first) + " bytes",
				"usage.journal force(false) at " + second + " bytes, history 3.0");
	}

	@Test
	void aBatchWhoseForceFailsIsNeitherAppliedNorAcknowledged() {
		UsageStore store = open();
		this.forceFails = true;

		assertThatThrownBy(() -> store.append(List.of(record("gw-1", 1000, 3))))
			.isInstanceOf(UncheckedIOException.class);

		assertThat(store.history().demand(ACME_DB, 1000, 1001)).containsExactly(0);
	}

	@Test
	void compactionForcesTheNewJournalBeforeItReplacesTheOldOne() throws IOException {
		UsageStore store = open();
		store.append(List.of(record("gw-1", 1000, 3)));
		this.events.clear();

		store.compact();

		assertThat(this.events).startsWith(
				"usage.journal.compacting write " + Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE)) + " bytes",
				"usage.journal.compacting force(true) at " + Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE))
						+ " bytes, history 3.0",
				"usage.journal.compacting closed", "usage.journal closed");
	}

	/**
	 * A file channel that does what it is asked and notes writes (by size), forces (with
	 * the file's size and what the history held then) and closes.
	 */
	private final class RecordingChannel extends FileChannel {

		private final FileChannel file;

		private final String name;

		RecordingChannel(FileChannel file, String name) {
			this.file = file;
			this.name = name;
		}

		private void note(String event) {
			UsageJournalDurabilityTests.this.events.add(this.name + " " + event);
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			int written = this.file.write(source);
			note("write " + written + " bytes");
			return written;
		}

		@Override
		public void force(boolean metaData) throws IOException {
			if (UsageJournalDurabilityTests.this.forceFails) {
				throw new IOException("the disk refused to sync");
			}
			this.file.force(metaData);
			note("force(" + metaData + ") at " + this.file.size() + " bytes, "
					+ UsageJournalDurabilityTests.this.historySeen.get());
		}

		@Override
		protected void implCloseChannel() throws IOException {
			this.file.close();
			note("closed");
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return this.file.read(destination);
		}

		@Override
		public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
			return this.file.read(destinations, offset, length);
		}

		@Override
		public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
			long written = this.file.write(sources, offset, length);
			note("write " + written + " bytes");
			return written;
		}

		@Override
		public long position() throws IOException {
			return this.file.position();
		}

		@Override
		public FileChannel position(long newPosition) throws IOException {
			this.file.position(newPosition);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.file.size();
		}

		@Override
		public FileChannel truncate(long size) throws IOException {
			this.file.truncate(size);
			return this;
		}

		@Override
		public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
			return this.file.transferTo(position, count, target);
		}

		@Override
		public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
			return this.file.transferFrom(source, position, count);
		}

		@Override
		public int read(ByteBuffer destination, long position) throws IOException {
			return this.file.read(destination, position);
		}

		@Override
		public int write(ByteBuffer source, long position) throws IOException {
			int written = this.file.write(source, position);
			note("write " + written + " bytes");
			return written;
		}

		@Override
		public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
			return this.file.map(mode, position, size);
		}

		@Override
		public FileLock lock(long position, long size, boolean shared) throws IOException {
			return this.file.lock(position, size, shared);
		}

		@Override
		public FileLock tryLock(long position, long size, boolean shared) throws IOException {
			return this.file.tryLock(position, size, shared);
		}

	}

}
