package io.github.predictivegateway.forecaster.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.LiveModel;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

/**
 * What the sidecar's two heavy paths cost, through the same classes the service runs:
 * <ol>
 * <li>retraining with model selection of {@code --train-series} series of 28 days at
 * 5-minute steps ({@link Retrainer#retrainAll()}: history cut, lead detection, selection,
 * calibration, artifact publishing, loading);</li>
 * <li>building the forecast snapshot of {@code --snapshot-series} series
 * ({@link ForecastSnapshots#current()}: every live model applied to its latest six days
 * of usage, the default {@code forecast-history}, serialised to JSON), cold and then
 * cached.</li>
 * </ol>
 * Not a test: it prints timings for this machine. Run:
 * {@code java -jar forecast-sidecar.jar benchmark}.
 */
public final class ForecasterBenchmark {

	private static final int STEP = 300;

	private static final int DAY = 86_400 / STEP;

	private ForecasterBenchmark() {
	}

	public static int run(String[] args, PrintStream out) throws IOException {
		int trainSeries = 1000;
		int snapshotSeries = 10_000;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--train-series" -> trainSeries = Integer.parseInt(args[i + 1]);
				case "--snapshot-series" -> snapshotSeries = Integer.parseInt(args[i + 1]);
				default -> {
					out.println("usage: benchmark [--train-series 1000] [--snapshot-series 10000]");
					return 2;
				}
			}
		}
		Path dir = Files.createTempDirectory("sidecar-benchmark");
		try {
			TrainedModel sample = training(trainSeries, dir.resolve("train"), out);
			snapshot(snapshotSeries, sample, dir.resolve("snapshot"), out);
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return 0;
	}

	private static TrainedModel training(int count, Path dir, PrintStream out) {
		int steps = 28 * DAY;
		UsageHistory history = new UsageHistory(STEP, 24, 35 * DAY);
		List<double[]> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(SyntheticSeries.generate("s" + i, i, 28, STEP, 1.0 + 4.0 * (i % 10) / 10).values());
		}
		long t0 = System.nanoTime();
		for (int t = 0; t < steps; t++) {
			List<UsageRecord> step = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				double v = values.get(i)[t];
				step.add(new UsageRecord("gw-1", "tenant-" + i, "requests", (long) t * STEP, (long) v, (long) v, 0, 0,
						v, 0, 0, 0));
			}
			history.apply(step);
		}
		double intakeSeconds = (System.nanoTime() - t0) / 1e9;
		Clock clock = Clock.fixed(Instant.ofEpochSecond((long) steps * STEP), ZoneOffset.UTC);
		ModelRepository repository = new ModelRepository(dir);
		ModelLoader loader = new ModelLoader(repository, STEP);
		Retrainer retrainer = new Retrainer(history, repository, loader, TrainingOptions.builder().clock(clock).build(),
				new LeadLagDetector(12, 0.1), clock, 35 * DAY, 0.02);
		long t1 = System.nanoTime();
		long cpu1 = processCpuNanos();
		List<Retrainer.Outcome> outcomes = retrainer.retrainAll();
		double trainSeconds = (System.nanoTime() - t1) / 1e9;
		double trainCpuSeconds = (processCpuNanos() - cpu1) / 1e9;
		out.printf(Locale.ROOT, "intake: %d series x %d steps (%d records) in %.1f s%n", count, steps,
				(long) count * steps, intakeSeconds);
		out.printf(Locale.ROOT,
				"retrain with model selection: %d series x 28 days at %d s in %.1f s "
						+ "(%.1f ms/series, %d versions published; target: under 120 s for 1000)%n",
				outcomes.size(), STEP, trainSeconds, trainSeconds * 1000 / outcomes.size(),
				outcomes.stream().filter(Retrainer.Outcome::promoted).count());
		out.printf(Locale.ROOT, "retrain CPU time (the process, all threads): %.1f s%n", trainCpuSeconds);
		return loader.all().values().stream().map(LiveModel::model).findFirst().orElseThrow();
	}

	private static void snapshot(int count, TrainedModel sample, Path dir, PrintStream out) throws IOException {
		// the default forecast-history: six days
		int steps = 6 * DAY;
		long end = 40L * DAY;
		UsageHistory history = new UsageHistory(STEP, 24, 35 * DAY);
		ModelRepository repository = new ModelRepository(dir);
		List<SeriesKey> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			SeriesKey id = new SeriesKey("tenant-" + i, "requests");
			ids.add(id);
			repository.publish(id, renamed(sample, id.label()));
		}
		for (long t = end - steps; t < end; t++) {
			List<UsageRecord> step = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				double v = 5 + (i % 7) + 3 * Math.sin(2 * Math.PI * (t % DAY) / DAY);
				step.add(new UsageRecord("gw-1", ids.get(i).tenant(), "requests", t * STEP, (long) v, (long) v, 0, 0, v,
						0, 0, 0));
			}
			history.apply(step);
		}
		ModelLoader loader = new ModelLoader(repository, STEP);
		long t0 = System.nanoTime();
		loader.refresh();
		double loadSeconds = (System.nanoTime() - t0) / 1e9;
		Clock clock = Clock.fixed(Instant.ofEpochSecond(end * STEP), ZoneOffset.UTC);
		MutableClock stepping = new MutableClock(clock.instant());
		ForecastSnapshots snapshots = new ForecastSnapshots(history, loader, stepping, 12, steps);
		warmUp(history, loader, clock, steps);
		long t1 = System.nanoTime();
		long cpu1 = processCpuNanos();
		ForecastSnapshots.Built built = snapshots.current();
		built.etag();
		double coldSeconds = (System.nanoTime() - t1) / 1e9;
		double coldCpuSeconds = (processCpuNanos() - cpu1) / 1e9;
		long t2 = System.nanoTime();
		snapshots.current().etag();
		double cachedMicros = (System.nanoTime() - t2) / 1e3;
		double[] nextSteps = new double[3];
		double[] nextCpu = new double[3];
		for (int i = 0; i < nextSteps.length; i++) {
			stepping.instant = stepping.instant.plusSeconds(STEP);
			long t3 = System.nanoTime();
			long cpu3 = processCpuNanos();
			snapshots.current().etag();
			nextSteps[i] = (System.nanoTime() - t3) / 1e9;
			nextCpu[i] = (processCpuNanos() - cpu3) / 1e9;
		}
		out.printf(Locale.ROOT, "model loader: %d artifacts validated and loaded in %.2f s%n", loader.all().size(),
				loadSeconds);
		out.printf(Locale.ROOT,
				"forecast snapshot: %d series x 12 steps, %.1f MB of JSON, built in %.3f s with every series' "
						+ "serving state prepared (target: under 1 s); served again unchanged in %.0f us%n",
				built.seriesCount(), built.body().length / 1e6, coldSeconds, cachedMicros);
		out.printf(Locale.ROOT,
				"forecast snapshot, the next three steps (a twelfth of the series re-weighed and re-calibrated "
						+ "each): %.3f s, %.3f s, %.3f s%n",
				nextSteps[0], nextSteps[1], nextSteps[2]);
		out.printf(Locale.ROOT, "forecast snapshot CPU time (all threads): %.2f s cold; %.2f s, %.2f s, %.2f s next%n",
				coldCpuSeconds, nextCpu[0], nextCpu[1], nextCpu[2]);
	}

	/** CPU time of the whole process (every thread), or wall time where not available. */
	private static long processCpuNanos() {
		if (java.lang.management.ManagementFactory
			.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return System.nanoTime();
	}

	/** A clock the benchmark moves step by step. */
	private static final class MutableClock extends Clock {

		private volatile Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

	private static void warmUp(UsageHistory history, ModelLoader loader, Clock clock, int steps) {
		Clock earlier = Clock.offset(clock, java.time.Duration.ofSeconds(-STEP));
		new ForecastSnapshots(history, loader, earlier, 12, steps).current().etag();
	}

	private static TrainedModel renamed(TrainedModel m, String series) {
		return new TrainedModel(series, m.name(), m.model(), m.calibration(), m.score(), m.reason(), m.leader(),
				m.leaderLag(), m.dataEndEpochSecond(), m.stepSeconds(), m.trainedAt(), m.recent());
	}

	public static void main(String[] args) throws IOException {
		System.exit(run(args, System.out));
	}

}
