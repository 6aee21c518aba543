package io.github.predictivegateway.forecasting.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Prints what training (with model selection) and forecasting cost:
 * {@code TrainingBenchmark [series] [threads]}. Series are {@link SyntheticSeries} of 28
 * days at 5-minute steps. Not a test: timings depend on the machine.
 */
public final class TrainingBenchmark {

	private TrainingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
		TrainingOptions options = TrainingOptions.defaults();
		List<SeriesHistory> series = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			series.add(SyntheticSeries.generate("s" + i, i, 28, 300, 1.0 + 4.0 * (i % 10) / 10));
		}
		for (int i = 0; i < Math.min(30, count); i++) { // JIT warm-up
			ForecastTrainer.train(series.get(i), options);
		}
		long t0 = System.nanoTime();
		TrainedModel last = null;
		for (SeriesHistory s : series) {
			last = ForecastTrainer.train(s, options);
		}
		double single = (System.nanoTime() - t0) / 1e6 / count;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long t1 = System.nanoTime();
		List<Future<TrainedModel>> futures = new ArrayList<>();
		for (SeriesHistory s : series) {
			futures.add(pool.submit(() -> ForecastTrainer.train(s, options)));
		}
		for (Future<TrainedModel> f : futures) {
			f.get();
		}
		double parallelTotal = (System.nanoTime() - t1) / 1e6;
		pool.shutdown();
		SeriesHistory recent = series.get(count - 1).tail(288);
		int reps = 200_000;
		double sink = 0;
		for (int i = 0; i < reps / 10; i++) {
			sink += last.forecast(recent, 12).mean()[0];
		}
		long t2 = System.nanoTime();
		for (int i = 0; i < reps; i++) {
			Forecast f = last.forecast(recent, 12);
			sink += f.upper()[11];
		}
		double forecastMicros = (System.nanoTime() - t2) / 1e3 / reps;
		System.out.printf(Locale.ROOT, "series: %d x 28 days at 300 s (%d steps each)%n", count, 28 * 288);
		System.out.printf(Locale.ROOT, "train with selection, 1 thread : %.1f ms/series -> 1000 series in %.1f s%n",
				single, single);
		System.out.printf(Locale.ROOT, "train with selection, %d threads: %.1f ms total -> 1000 series in %.1f s%n",
				threads, parallelTotal, parallelTotal / count);
		System.out.printf(Locale.ROOT, "forecast 12 steps from the last day (%s): %.2f us/forecast (checksum %.1f)%n",
				last.name(), forecastMicros, sink % 1000);
	}

}
