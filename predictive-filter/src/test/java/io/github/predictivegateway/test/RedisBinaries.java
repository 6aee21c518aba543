package io.github.predictivegateway.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Redis binaries a test starts ({@code redis-server}, {@code redis-cli}) and,
 * when one is missing, installs them once per JVM with {@code apt-get} (Debian's
 * {@code redis-server} package brings {@code redis-tools}); if that is impossible the
 * test fails and says how to install them. Never a silent skip.
 */
final class RedisBinaries {

	private static boolean installAttempted;

	private RedisBinaries() {
	}

	/** The path of {@code name}, installed first if missing. */
	static synchronized String find(String name) {
		Optional<String> found = lookUp(name);
		if (found.isPresent()) {
			return found.get();
		}
		String attempt = installAttempted ? "an earlier attempt to install it failed" : install();
		installAttempted = true;
		return lookUp(name).orElseThrow(() -> new IllegalStateException("Redis tests need '" + name
				+ "', which is not installed, and " + attempt + ". Install it with 'apt-get install redis-server "
				+ "redis-tools' (Debian/Ubuntu) or 'brew install redis'."));
	}

	private static String install() {
		Optional<String> apt = lookUp("apt-get");
		if (apt.isEmpty()) {
			return "apt-get is not available to install it";
		}
		List<String> command = new ArrayList<>(
				List.of(apt.get(), "install", "-y", "--no-install-recommends", "redis-server", "redis-tools"));
		try {
			Path log = Files.createTempFile("predictive-redis-install", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return "'" + String.join(" ", command) + "' did not finish within 5 minutes (log " + log + ")";
			}
			return (process.exitValue() == 0) ? "'" + String.join(" ", command) + "' did not provide it"
					: "'" + String.join(" ", command) + "' failed with exit code " + process.exitValue() + " (log "
							+ log + ")";
		}
		catch (IOException ex) {
			return "'" + String.join(" ", command) + "' could not run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "installing it was interrupted";
		}
	}

	private static Optional<String> lookUp(String name) {
		List<String> directories = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
		String path = System.getenv("PATH");
		if (path != null) {
			directories.addAll(List.of(path.split(File.pathSeparator)));
		}
		return directories.stream()
			.map(directory -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.map(Path::toString)
			.findFirst();
	}

}
