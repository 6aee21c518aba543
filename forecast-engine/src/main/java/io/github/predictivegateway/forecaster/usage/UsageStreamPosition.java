package io.github.predictivegateway.forecaster.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * How far this sidecar has read a usage stream: the id of the last entry whose records
 * are in the usage journal, kept in a file of the sidecar's own data directory
 * ({@code <stream key> <entry id>}), so a restart resumes there. Written to a temporary
 * file and moved into place atomically, after the records are journaled: a crash in
 * between only makes the sidecar read some entries again, which replace themselves
 * (records are idempotent). A file for another stream key, or none, starts from the
 * beginning of the stream ({@code 0}).
 */
public final class UsageStreamPosition {

	/** The file's name in the data directory. */
	public static final String FILE = "usage-stream.position";

	private static final Pattern ENTRY_ID = Pattern.compile("\\d+-\\d+|0");

	private final Path file;

	private final String stream;

	private String lastId;

	private UsageStreamPosition(Path file, String stream, String lastId) {
		this.file = file;
		this.stream = stream;
		this.lastId = lastId;
	}

	/**
	 * The position in {@code stream} saved in {@code dataDirectory}, or the stream's
	 * beginning.
	 */
	public static UsageStreamPosition open(Path dataDirectory, String stream) {
		Path file = dataDirectory.resolve(FILE);
		String lastId = "0";
		try {
			Files.createDirectories(dataDirectory);
			if (Files.exists(file)) {
				String[] saved = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
				if (saved.length == 2 && saved[0].equals(stream) && ENTRY_ID.matcher(saved[1]).matches()) {
					lastId = saved[1];
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
		return new UsageStreamPosition(file, stream, lastId);
	}

	/** Id of the last entry read; {@code 0} before the first. */
	public synchronized String lastId() {
		return this.lastId;
	}

	public String stream() {
		return this.stream;
	}

	/** Remembers {@code id} durably as the last entry read. */
	public synchronized void save(String id) {
		Path tmp = this.file.resolveSibling(FILE + ".tmp");
		try {
			Files.writeString(tmp, this.stream + " " + id + "\n", StandardCharsets.UTF_8);
			Files.move(tmp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + this.file, ex);
		}
		this.lastId = id;
	}

}
