package io.github.predictivegateway.forecaster.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.artifact.ModelArtifactCodec;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Model artifacts as versioned files: {@code <model-dir>/<series>/v000042.model}, one
 * directory per series (its name from {@link #directoryName(SeriesKey)}), versions
 * numbered from 1 and never overwritten, so any earlier version can be put back. A
 * version is written to a temporary file and moved into place atomically: a reader never
 * sees a half-written artifact under a version name. The directory may be a volume shared
 * by several sidecars.
 */
public final class ModelRepository {

	private static final Pattern VERSION_FILE = Pattern.compile("v(\\d{6,})\\.model");

	/** Suffix a version gets when it is rolled back: kept on disk, no longer served. */
	static final String ROLLED_BACK_SUFFIX = ".rolled-back";

	private final Path directory;

	public ModelRepository(Path directory) {
		this.directory = directory;
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the model directory " + directory, ex);
		}
	}

	/** A version file of one series. */
	public record Version(SeriesKey series, int number, Path file) {
	}

	/**
	 * Writes the model as the series' next version and returns it. Safe against other
	 * processes publishing to the same directory at the same time: the artifact is
	 * written to a temporary file of this call's own, then linked under the version name,
	 * which fails if that name exists; then the next number is tried. A version is never
	 * overwritten and never seen half-written. (A file system without hard links falls
	 * back to an atomic rename, safe against readers; there, give each series one writer,
	 * as sharding does.)
	 */
	public synchronized Version publish(SeriesKey series, TrainedModel model) throws IOException {
		Path seriesDirectory = this.directory.resolve(directoryName(series));
		Files.createDirectories(seriesDirectory);
		Path tmp = Files.createTempFile(seriesDirectory, "publish-", ".tmp");
		try {
			ModelArtifactCodec.writeFile(model, tmp);
			int next = versions(series).stream().mapToInt(Version::number).max().orElse(0) + 1;
			while (true) {
				Path target = seriesDirectory.resolve(fileName(next));
				if (claim(tmp, target)) {
					return new Version(series, next, target);
				}
				next++;
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Puts {@code tmp} in place as {@code target} unless {@code target} exists; whether
	 * it did.
	 */
	private static boolean claim(Path tmp, Path target) throws IOException {
		try {
			Files.createLink(target, tmp);
			return true;
		}
		catch (FileAlreadyExistsException ex) {
			return false;
		}
		catch (UnsupportedOperationException ex) {
			if (Files.exists(target)) {
				return false;
			}
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
			return true;
		}
	}

	/** Every servable version of a series, oldest first. */
	public List<Version> versions(SeriesKey series) {
		Path seriesDirectory = this.directory.resolve(directoryName(series));
		List<Version> versions = new ArrayList<>();
		if (!Files.isDirectory(seriesDirectory)) {
			return versions;
		}
		try (Stream<Path> files = Files.list(seriesDirectory)) {
			files.forEach(file -> {
				Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
				if (m.matches()) {
					versions.add(new Version(series, Integer.parseInt(m.group(1)), file));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + seriesDirectory, ex);
		}
		versions.sort((a, b) -> Integer.compare(a.number(), b.number()));
		return versions;
	}

	/**
	 * Every series that has a directory here; directories with names this repository did
	 * not make are skipped.
	 */
	public List<SeriesKey> series() {
		List<SeriesKey> series = new ArrayList<>();
		try (Stream<Path> dirs = Files.list(this.directory)) {
			dirs.filter(Files::isDirectory).forEach(dir -> {
				try {
					series.add(seriesOf(dir.getFileName().toString()));
				}
				catch (IllegalArgumentException ex) {
					// not a series directory
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list the model directory " + this.directory, ex);
		}
		return series;
	}

	/** Takes a version out of service for good (renamed, not deleted). */
	public void rollBack(Version version) throws IOException {
		Files.move(version.file(), version.file().resolveSibling(version.file().getFileName() + ROLLED_BACK_SUFFIX),
				StandardCopyOption.ATOMIC_MOVE);
	}

	public Path directory() {
		return this.directory;
	}

	/**
	 * A series' directory name, safe as a single file-name component whatever the tenant
	 * id holds: base64url of tenant NUL resource.
	 */
	static String directoryName(SeriesKey series) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((series.tenant() + '\0' + series.resource()).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The inverse of {@link #directoryName(SeriesKey)}; {@link IllegalArgumentException}
	 * for a name it did not make.
	 */
	static SeriesKey seriesOf(String directoryName) {
		String decoded = new String(Base64.getUrlDecoder().decode(directoryName), StandardCharsets.UTF_8);
		int nul = decoded.indexOf('\0');
		if (nul < 0) {
			throw new IllegalArgumentException("'" + directoryName + "' is not a series directory name");
		}
		return new SeriesKey(decoded.substring(0, nul), decoded.substring(nul + 1));
	}

	static String fileName(int version) {
		return String.format("v%06d.model", version);
	}

}
