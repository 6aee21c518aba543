package io.github.predictivegateway.forecasting.backtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLag;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.forecasting.series.CsvSeriesReader;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * The {@code backtest} command:
 * {@code [--step 300] [--out rows.csv] [--horizon 12] FILE...}.
 *
 * <p>
 * Reads every series of every file (see {@link CsvSeriesReader}), runs the
 * {@link BacktestRunner} on each and prints, per series and model, MASE, interval
 * coverage, scaled interval score, sMAPE, mean interval width, mean fit time per daily
 * retrain and, for the served model, the share of actuals at or below its 0.95 quantile.
 * With {@code --out} every forecast row is written as
 * {@code series,model,origin_index,h,actual,mean,lower,upper} (then the served model's
 * quantiles), so {@code score_forecasts.py score FILE rows.csv} recomputes the same
 * figures. Exit status: 0 done, 1 unreadable input, 2 bad arguments.
 *
 * <p>
 * With {@code --max-lag K} and several series, leads of 1..K steps between them are
 * detected on the data before the test region ({@link LeadLagDetector}); a follower is
 * then backtested with its strongest leader offered as a lagged regressor, which is
 * served only where it wins the selection backtest.
 */
public final class BacktestCommand {

	private static final String USAGE = "usage: backtest [--step SECONDS] [--out ROWS.csv] [--horizon STEPS] [--max-lag STEPS] "
			+ "[--combination-window-days D] [--combination-margin M] [--calibration-window-days D] "
			+ "[--half-life-days D] FILE...";

	private BacktestCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/** Runs the command, printing to {@code out}; returns the exit status. */
	public static int run(String[] args, PrintStream out) {
		int step = 300;
		int horizon = 12;
		int maxLag = 0;
		Path rowsFile = null;
		List<Path> files = new ArrayList<>();
		TrainingOptions.Builder training = TrainingOptions.builder();
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--step" -> step = positive("--step", value(args, ++i));
					case "--horizon" -> horizon = positive("--horizon", value(args, ++i));
					case "--max-lag" -> maxLag = positive("--max-lag", value(args, ++i));
					case "--out" -> rowsFile = Path.of(value(args, ++i));
					case "--combination-window-days" -> training.combinationWindowDays(number(args, ++i));
					case "--combination-margin" -> training.combinationMargin(number(args, ++i));
					case "--calibration-window-days" -> training.calibrationWindowDays(number(args, ++i));
					case "--half-life-days" -> training.calibrationHalfLifeDays(number(args, ++i));
					case "-h", "--help" -> {
						out.println(USAGE);
						return 0;
					}
					default -> {
						if (args[i].startsWith("--")) {
							throw new IllegalArgumentException("unknown option " + args[i]);
						}
						files.add(Path.of(args[i]));
					}
				}
			}
			if (files.isEmpty()) {
				throw new IllegalArgumentException("no input file");
			}
		}
		catch (IllegalArgumentException e) {
			out.println("error: " + e.getMessage());
			out.println(USAGE);
			return 2;
		}
		List<SeriesHistory> series = new ArrayList<>();
		CsvSeriesReader reader = new CsvSeriesReader(step);
		try {
			for (Path f : files) {
				series.addAll(reader.read(f));
			}
		}
		catch (IOException e) {
			out.println("error: " + e.getMessage());
			return 1;
		}
		BacktestRunner runner = new BacktestRunner(training.horizon(horizon).build());
		Map<String, LeadLag> leaders = maxLag > 0 ? leaders(series, maxLag, step, horizon, out) : Map.of();
		out.printf(Locale.ROOT, "%-28s %-40s %8s %8s %9s %7s %9s %9s %7s%n", "series", "model", "MASE", "coverage",
				"int.score", "sMAPE", "width", "fit_ms", "q95cov");
		try (BufferedWriter w = rowsFile == null ? null : Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8)) {
			RowsCsvWriter rows = w == null ? null : new RowsCsvWriter(w);
			for (SeriesHistory s : series) {
				if (s.length() < 8 * 12) {
					out.println(s.name() + ": too short for a backtest (" + s.length() + " steps)");
					continue;
				}
				LeadLag lead = leaders.get(s.name());
				long cpu0 = cpuNanos();
				long wall0 = System.nanoTime();
				SeriesBacktest b = lead == null ? runner.run(s)
						: runner.run(s,
								series.stream().filter(x -> x.name().equals(lead.leader())).findFirst().orElseThrow(),
								lead.lag());
				long cpu = cpuNanos() - cpu0;
				long wall = System.nanoTime() - wall0;
				print(out, b);
				out.printf(Locale.ROOT, "%s: backtest in %.0f ms of CPU (%.0f ms wall)%n", s.name(), cpu / 1e6,
						wall / 1e6);
				if (rows != null) {
					rows.write(b.rows());
				}
			}
		}
		catch (IOException e) {
			out.println("error: cannot write rows: " + e.getMessage());
			return 1;
		}
		return 0;
	}

	/**
	 * Strongest leader per follower, detected on the data before each follower's test
	 * region.
	 */
	private static Map<String, LeadLag> leaders(List<SeriesHistory> series, int maxLag, int step, int horizon,
			PrintStream out) {
		List<SeriesHistory> before = new ArrayList<>();
		for (SeriesHistory s : series) {
			before.add(s.head(BacktestRegion.of(s.values(), step, horizon).testStart()));
		}
		Map<String, LeadLag> best = new LinkedHashMap<>();
		for (LeadLag l : new LeadLagDetector(maxLag, 0.1).detect(before)) {
			out.printf(Locale.ROOT, "lead: %s leads %s by %d steps (correlation %.3f, threshold %.3f)%n", l.leader(),
					l.follower(), l.lag(), l.correlation(), l.threshold());
			best.putIfAbsent(l.follower(), l);
		}
		return best;
	}

	private static void print(PrintStream out, SeriesBacktest b) {
		for (Map.Entry<String, ForecastMetrics> e : b.metrics().entrySet()) {
			ForecastMetrics m = e.getValue();
			Double fit = b.fitMillis().get(e.getKey());
			out.printf(Locale.ROOT, "%-28s %-40s %8.3f %8.3f %9.3f %7.3f %9.2f %9s %7s%n", b.series(), e.getKey(),
					m.mase(), m.coverage(), m.intervalScore(), m.smape(), m.meanWidth(),
					fit == null ? "-" : String.format(Locale.ROOT, "%.1f", fit), Double.isNaN(m.quantile95Coverage())
							? "-" : String.format(Locale.ROOT, "%.3f", m.quantile95Coverage()));
		}
		out.println(b.series() + ": served " + String.join(", ", b.servedModels()));
	}

	/**
	 * CPU time of this thread, which the backtest runs on (wall time on a loaded host
	 * lies).
	 */
	private static long cpuNanos() {
		java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
		return bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : System.nanoTime();
	}

	private static String value(String[] args, int i) {
		if (i >= args.length) {
			throw new IllegalArgumentException(args[i - 1] + " needs a value");
		}
		return args[i];
	}

	private static double number(String[] args, int i) {
		String v = value(args, i);
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(args[i - 1] + " must be a number, was '" + v + "'");
		}
	}

	private static int positive(String name, String v) {
		try {
			int x = Integer.parseInt(v);
			if (x <= 0) {
				throw new NumberFormatException();
			}
			return x;
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + " must be a positive integer, was '" + v + "'");
		}
	}

}
