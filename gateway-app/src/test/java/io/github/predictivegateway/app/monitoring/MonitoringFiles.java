package io.github.predictivegateway.app.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * The monitoring files under {@code config/} and the Prometheus names of the meters they
 * may read: each name of {@link PredictiveMetricNames} (ours, and Gateway's route timer)
 * with dots as underscores, plus the suffix Micrometer's Prometheus registry gives its
 * type ({@code _total} for counters, {@code _seconds} for gauges in seconds,
 * {@code _seconds_count}, {@code _sum}, {@code _max}, {@code _bucket} for timers).
 */
final class MonitoringFiles {

	/** The Prometheus names of our meters and of Gateway's route timer. */
	static final String NAME = "(?:predictive|spring_cloud_gateway)_[a-z0-9_]+";

	private static final Pattern METRIC = Pattern.compile("\\b" + NAME);

	private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count", "_seconds_sum",
			"_seconds_max", "_seconds_bucket");

	private MonitoringFiles() {
	}

	/**
	 * The repository's root: the first directory up from the module's that holds
	 * {@code config/prometheus}.
	 */
	static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("config/prometheus"))) {
				return dir;
			}
		}
		throw new IllegalStateException("no config/prometheus above " + Path.of("").toAbsolutePath());
	}

	static String read(String relative) {
		try {
			return Files.readString(root().resolve(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code predictive_*} and {@code spring_cloud_gateway_*} metric names in a
	 * PromQL expression.
	 */
	static Set<String> metricsIn(String expr) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(expr);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	/**
	 * Every meter name of {@link PredictiveMetricNames}, in Prometheus form without
	 * suffix.
	 */
	static Set<String> meterBases() {
		Set<String> bases = new TreeSet<>();
		for (Field field : PredictiveMetricNames.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					String value = (String) field.get(null);
					// meter names have dots; tag keys (routeId) and the prefix alone are
					// not meters
					if (value.contains(".") && !value.equals(PredictiveMetricNames.PREFIX)) {
						bases.add(value.replace('.', '_'));
					}
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return bases;
	}

	/**
	 * The meter of {@link PredictiveMetricNames} a Prometheus name stands for, or null
	 * when none.
	 */
	static String meterOf(String prometheusName) {
		String longest = null;
		for (String base : meterBases()) {
			for (String suffix : SUFFIXES) {
				if (prometheusName.equals(base + suffix) && (longest == null || base.length() > longest.length())) {
					longest = base;
				}
			}
		}
		return longest;
	}

	/**
	 * Runs a command in the repository's root; its exit code and output (stdout and
	 * stderr together).
	 */
	static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		Thread reader = new Thread(() -> {
			try (var lines = process.inputReader().lines()) {
				lines.forEach(output::add);
			}
		});
		reader.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeoutSeconds + " s");
		}
		reader.join();
		return new Result(process.exitValue(), String.join("\n", output));
	}

	record Result(int exitCode, String output) {

	}

}
