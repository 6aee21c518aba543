package io.github.predictivegateway.forecaster.history;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.wire.UsageRecord;

/**
 * The write-ahead journal of accepted usage: one line per accepted batch,
 * {@code <crc32 hex> <json array>}, forced to disk ({@link FileChannel#force}) before the
 * batch is acknowledged, so an acknowledged batch survives {@code kill -9} and, on a disk
 * and file system that honour that sync, power loss ({@code UsageJournalDurabilityTests}
 * checks the order: written, forced, then applied and acknowledged).
 *
 * <p>
 * On open, the journal is read back line by line. A last line that is incomplete or fails
 * its checksum is a write torn by a crash before it was acknowledged: it is cut off. A
 * bad line before the end is corruption of acknowledged data: it is logged and skipped,
 * and the lines after it are kept.
 */
final class UsageJournal implements Closeable {

	private static final Log logger = LogFactory.getLog(UsageJournal.class);

	private static final TypeReference<List<UsageRecord>> BATCH = new TypeReference<>() {
	};

	private final Path file;

	private final JsonMapper json;

	private final Opener opener;

	private @Nullable FileChannel channel;

	UsageJournal(Path file, JsonMapper json) {
		this(file, json, FileChannel::open);
	}

	/**
	 * @param opener opens the journal's files: {@link FileChannel#open}, or in a test a
	 * channel that records what is forced when
	 */
	UsageJournal(Path file, JsonMapper json, Opener opener) {
		this.file = file;
		this.json = json;
		this.opener = opener;
	}

	/** How the journal opens its files. */
	@FunctionalInterface
	interface Opener {

		FileChannel open(Path path, OpenOption... options) throws IOException;

	}

	/**
	 * Reads every intact batch, cuts off a torn last line, and opens the journal for
	 * appending.
	 */
	List<List<UsageRecord>> open() throws IOException {
		Files.createDirectories(this.file.getParent());
		List<List<UsageRecord>> batches = new ArrayList<>();
		long goodBytes = 0;
		if (Files.exists(this.file)) {
			byte[] all = Files.readAllBytes(this.file);
			int start = 0;
			int lineNumber = 0;
			while (start < all.length) {
				int end = indexOf(all, (byte) '\n', start);
				lineNumber++;
				if (end < 0) {
					logger.warn("Usage journal " + this.file + ": cutting off an incomplete last line (a write torn "
							+ "by a crash, never acknowledged)");
					break;
				}
				String line = new String(all, start, end - start, StandardCharsets.UTF_8);
				List<UsageRecord> batch = parse(line);
				if (batch == null) {
					if (end + 1 >= all.length) {
						logger.warn("Usage journal " + this.file + ": cutting off a last line that fails its checksum");
						break;
					}
					logger.error("Usage journal " + this.file + ": line " + lineNumber
							+ " fails its checksum and is skipped");
				}
				else {
					batches.add(batch);
				}
				start = end + 1;
				goodBytes = start;
			}
		}
		FileChannel opened = this.opener.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		opened.truncate(goodBytes);
		opened.position(goodBytes);
		opened.force(true);
		this.channel = opened;
		return batches;
	}

	/** Appends one batch and forces it to disk. */
	synchronized void append(List<UsageRecord> batch) throws IOException {
		ByteBuffer line = ByteBuffer.wrap(encode(batch));
		while (line.hasRemaining()) {
			channel().write(line);
		}
		channel().force(false);
	}

	/**
	 * Replaces the whole journal with one batch of records (compaction): written to a new
	 * file, forced, then moved over the old one atomically, so a crash leaves either the
	 * old journal or the new one.
	 */
	synchronized void rewrite(List<UsageRecord> records) throws IOException {
		Path tmp = this.file.resolveSibling(this.file.getFileName() + ".compacting");
		try (FileChannel out = this.opener.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer line = ByteBuffer.wrap(records.isEmpty() ? new byte[0] : encode(records));
			while (line.hasRemaining()) {
				out.write(line);
			}
			out.force(true);
		}
		channel().close();
		Files.move(tmp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		FileChannel reopened = this.opener.open(this.file, StandardOpenOption.WRITE);
		reopened.position(reopened.size());
		this.channel = reopened;
	}

	synchronized long size() throws IOException {
		return channel().size();
	}

	@Override
	public synchronized void close() throws IOException {
		FileChannel open = this.channel;
		if (open != null) {
			open.close();
		}
	}

	private FileChannel channel() {
		FileChannel open = this.channel;
		if (open == null) {
			throw new IllegalStateException("the usage journal " + this.file + " is not open");
		}
		return open;
	}

	private byte[] encode(List<UsageRecord> batch) {
		byte[] body = this.json.writerFor(BATCH).writeValueAsBytes(batch);
		CRC32 crc = new CRC32();
		crc.update(body);
		byte[] prefix = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
		byte[] line = new byte[prefix.length + body.length + 1];
		System.arraycopy(prefix, 0, line, 0, prefix.length);
		System.arraycopy(body, 0, line, prefix.length, body.length);
		line[line.length - 1] = '\n';
		return line;
	}

	private @Nullable List<UsageRecord> parse(String line) {
		if (line.length() < 10 || line.charAt(8) != ' ') {
			return null;
		}
		byte[] body = line.substring(9).getBytes(StandardCharsets.UTF_8);
		CRC32 crc = new CRC32();
		crc.update(body);
		if (!String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
			return null;
		}
		try {
			return this.json.readValue(body, BATCH);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static int indexOf(byte[] bytes, byte b, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return -1;
	}

	Path file() {
		return this.file;
	}

}
