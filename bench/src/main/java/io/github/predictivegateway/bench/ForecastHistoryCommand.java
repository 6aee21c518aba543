package io.github.predictivegateway.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.series.CsvSeriesReader;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * How much recent usage a forecast needs ({@code forecast-history}): per series, a model
 * is trained on up to 35 days before an origin and kept live for {@code --keep-days} (1:
 * the daily retraining; more: a version the promotion rule kept), and at every hourly
 * origin of the last {@code --evaluate-days} it forecasts the horizon from the last
 * {@code d} days of each {@code --days} length, as a forecast snapshot does. Prints the
 * MASE of each (scaled by the one-day seasonal naive error of the 28 days before the
 * evaluation) and what one forecast costs from each, copy of the recent usage included:
 * at the last origin, after 2,000 forecasts of each length to warm up, ten rounds of 200
 * of each length in turn, the fastest round's mean (the least disturbed by other work on
 * the machine). Not a test: the timings are this machine's. Run:
 * {@code java -jar bench/target/bench.jar forecast-history FILE...}.
 */
public final class ForecastHistoryCommand {

	private static final String USAGE = "usage: forecast-history [--step 300] [--days 2,8] [--keep-days 1] "
			+ "[--evaluate-days 14] FILE...";

	private ForecastHistoryCommand() {
	}

	public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
		int step = 300;
		int[] days = { 2, 8 };
		int keepDays = 1;
		int evaluateDays = 14;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				files.add(Path.of(args[i]));
				continue;
			}
			if (i + 1 == args.length) {
				err.println(USAGE);
				return 2;
			}
			String value = args[i + 1];
			switch (args[i]) {
				case "--step" -> step = Integer.parseInt(value);
				case "--days" -> days = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
				case "--keep-days" -> keepDays = Integer.parseInt(value);
				case "--evaluate-days" -> evaluateDays = Integer.parseInt(value);
				default -> {
					err.println(USAGE);
					return 2;
				}
			}
			i++;
		}
		if (files.isEmpty() || days.length == 0) {
			err.println(USAGE);
			return 2;
		}
		out.printf(Locale.ROOT, "%-44s %s%n", "series (model kept " + keepDays + " day(s))", String.join("  ",
				Arrays.stream(days).mapToObj(d -> String.format(Locale.ROOT, "MASE %dd   us %dd", d, d)).toList()));
		double logRatio = 0;
		int series = 0;
		for (Path file : files) {
			List<SeriesHistory> read;
			try (Reader reader = Files.newBufferedReader(file)) {
				read = new CsvSeriesReader(step).read(file.getFileName().toString(), reader);
			}
			for (SeriesHistory history : read) {
				double[][] result = evaluate(history, days, keepDays, evaluateDays);
				StringBuilder row = new StringBuilder();
				for (int k = 0; k < days.length; k++) {
					row.append(String.format(Locale.ROOT, "%8.3f %7.1f  ", result[0][k], result[1][k]));
				}
				out.printf(Locale.ROOT, "%-44s %s%n", history.name(), row.toString().stripTrailing());
				logRatio += Math.log(result[0][days.length - 1] / result[0][0]);
				series++;
			}
		}
		out.printf(Locale.ROOT, "geometric mean of MASE %dd / MASE %dd: %.4f over %d series%n", days[days.length - 1],
				days[0], Math.exp(logRatio / series), series);
		return 0;
	}

	/** {MASE per history length, microseconds per forecast per history length}. */
	static double[][] evaluate(SeriesHistory all, int[] days, int keepDays, int evaluateDays) {
		int day = all.season();
		int maxDays = Arrays.stream(days).max().orElseThrow();
		int start = Math.max((maxDays + 1) * day, all.length() - evaluateDays * day);
		TrainingOptions options = TrainingOptions.defaults();
		int horizon = options.horizon();
		int spacing = Math.max(1, 3600 / all.stepSeconds());
		double[] error = new double[days.length];
		int points = 0;
		TrainedModel model = null;
		int trainedAt = -1;
		int last = start;
		for (int o = start; o + horizon <= all.length(); o += spacing) {
			if (model == null || o - trainedAt >= keepDays * day) {
				model = ForecastTrainer.train(all.slice(Math.max(0, o - 35 * day), o), options);
				trainedAt = o;
			}
			for (int k = 0; k < days.length; k++) {
				double[] mean = forecast(model, all, o, days[k], horizon);
				for (int h = 0; h < horizon; h++) {
					error[k] += Math.abs(all.value(o + h) - mean[h]);
				}
			}
			points += horizon;
			last = o;
		}
		double scale = 0;
		int from = Math.max(day, start - 28 * day);
		for (int t = from; t < start; t++) {
			scale += Math.abs(all.value(t) - all.value(t - day));
		}
		scale /= Math.max(1, start - from);
		double[][] result = new double[2][];
		result[0] = new double[days.length];
		for (int k = 0; k < days.length; k++) {
			result[0][k] = error[k] / points / scale;
		}
		result[1] = (model != null) ? micros(model, all, last, days, horizon) : new double[days.length];
		return result;
	}

	/**
	 * The forecast a snapshot makes at {@code origin} from the last {@code days} days.
	 */
	private static double[] forecast(TrainedModel model, SeriesHistory all, int origin, int days, int horizon) {
		SeriesHistory held = all.slice(Math.max(0, origin - days * all.season()), origin);
		return model
			.forecast(new SeriesHistory(held.name(), held.startEpochSecond(), held.stepSeconds(), held.values()),
					horizon)
			.mean();
	}

	private static double[] micros(TrainedModel model, SeriesHistory all, int origin, int[] days, int horizon) {
		double sink = 0;
		for (int day : days) {
			for (int i = 0; i < 2000; i++) {
				sink += forecast(model, all, origin, day, horizon)[0];
			}
		}
		double[] fastest = new double[days.length];
		Arrays.fill(fastest, Double.MAX_VALUE);
		for (int round = 0; round < 10; round++) {
			for (int k = 0; k < days.length; k++) {
				long t0 = System.nanoTime();
				for (int i = 0; i < 200; i++) {
					sink += forecast(model, all, origin, days[k], horizon)[0];
				}
				fastest[k] = Math.min(fastest[k], (System.nanoTime() - t0) / 1e3 / 200);
			}
		}
		if (Double.isNaN(sink)) {
			Arrays.fill(fastest, Double.NaN);
		}
		return fastest;
	}

}
