package io.github.predictivegateway.autoconfigure;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.time.TimeSourceClock;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.UsageRecord;

/**
 * The forecast sidecar's engine (module forecast-engine) run inside the gateway, wired as
 * the sidecar wires it: a durable {@link UsageStore}, versioned models in a
 * {@link ModelRepository} served by a {@link ModelLoader}, a {@link Retrainer}, and
 * {@link ForecastSnapshots}, all on the engine's clock (so compressed time applies).
 */
final class EmbeddedForecaster implements Closeable {

	private static final Log logger = LogFactory.getLog(EmbeddedForecaster.class);

	private static final long COMPACT_BYTES = 64L * 1024 * 1024;

	private static final int MAX_LEAD_STEPS = 12;

	private static final double MIN_LEAD_CORRELATION = 0.1;

	private static final double PROMOTION_TOLERANCE = 0.02;

	private final UsageStore store;

	private final ModelLoader loader;

	private final Retrainer retrainer;

	private final ForecastSnapshots snapshots;

	private volatile @Nullable ForecastSnapshot last;

	private EmbeddedForecaster(UsageStore store, ModelLoader loader, Retrainer retrainer, ForecastSnapshots snapshots) {
		this.store = store;
		this.loader = loader;
		this.retrainer = retrainer;
		this.snapshots = snapshots;
	}

	static EmbeddedForecaster open(Duration step, PredictiveLoopProperties.Embedded settings, TimeSource time) {
		if (step.getNano() != 0 || step.getSeconds() < 1) {
			throw new PredictiveConfigurationException(List.of("predictive.step is " + step + "; the embedded "
					+ "forecaster needs a whole number of seconds (or set predictive.embedded.enabled=false)"));
		}
		long stepSeconds = step.getSeconds();
		Clock clock = new TimeSourceClock(time);
		UsageHistory empty = new UsageHistory(stepSeconds, steps(settings.getDedupeWindow(), stepSeconds),
				steps(settings.getHistoryRetention(), stepSeconds));
		UsageStore store = UsageStore.open(settings.getDataDir(), empty, COMPACT_BYTES);
		Path modelDir = (settings.getModelDir() != null) ? settings.getModelDir()
				: settings.getDataDir().resolve("models");
		ModelRepository repository = new ModelRepository(modelDir);
		ModelLoader loader = new ModelLoader(repository, (int) stepSeconds);
		loader.refresh();
		TrainingOptions options = TrainingOptions.builder().horizon(settings.getHorizon()).clock(clock).build();
		Retrainer retrainer = new Retrainer(store.history(), repository, loader, options,
				new LeadLagDetector(MAX_LEAD_STEPS, MIN_LEAD_CORRELATION), clock,
				steps(settings.getHistoryRetention(), stepSeconds), PROMOTION_TOLERANCE);
		ForecastSnapshots snapshots = new ForecastSnapshots(store.history(), loader, clock, settings.getHorizon(),
				steps(settings.getForecastHistory(), stepSeconds));
		logger.info("Embedded forecaster: usage in " + settings.getDataDir() + ", models in " + modelDir);
		return new EmbeddedForecaster(store, loader, retrainer, snapshots);
	}

	private static int steps(Duration duration, long stepSeconds) {
		return (int) Math.max(1, duration.getSeconds() / stepSeconds);
	}

	/**
	 * Builds the current snapshot and hands the object to {@code target} through the
	 * reader's validation, without JSON (confirming it when unchanged).
	 */
	void refreshInto(ForecastSnapshotReader reader, SnapshotForecastSource target) {
		ForecastSnapshot snapshot = this.snapshots.current().snapshot();
		ForecastSnapshot held = this.last;
		if (snapshot == held || snapshot.equals(held)) {
			target.confirm();
			return;
		}
		try {
			ForecastSnapshotReader.Result result = reader.read(snapshot);
			if (!result.dropped().isEmpty()) {
				logger.warn("Embedded forecast: dropped " + result.dropped().size() + " invalid series: "
						+ result.dropped());
			}
			if (target.accept(result)) {
				this.last = snapshot;
			}
		}
		catch (ForecastSnapshotReader.InvalidSnapshotException ex) {
			logger.warn("Embedded forecast refused: " + ex.getMessage());
		}
	}

	void retrain() {
		List<Retrainer.Outcome> outcomes = this.retrainer.retrainAll();
		logger.info("Embedded retraining: " + outcomes.size() + " series, "
				+ outcomes.stream().filter(Retrainer.Outcome::promoted).count() + " new versions");
	}

	void reloadModels() {
		this.loader.refresh();
	}

	/**
	 * Stores the gateway's usage records, on a thread that may block on the journal's
	 * disk write.
	 */
	Mono<UsageSink.Result> publish(String instance, List<StepUsage> records) {
		return Mono.fromCallable(() -> {
			List<UsageRecord> converted = new ArrayList<>(records.size());
			for (StepUsage r : records) {
				converted.add(new UsageRecord(instance, r.tenant(), r.resource(), r.stepStart().getEpochSecond(),
						r.attempted(), r.admitted(), r.preallocated(), r.throttled(), r.units(), r.bytes(),
						r.durationMsSum(), r.durationMsMax()));
			}
			this.store.append(converted);
			return UsageSink.Result.ACCEPTED;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	UsageStore store() {
		return this.store;
	}

	Retrainer retrainer() {
		return this.retrainer;
	}

	@Override
	public void close() throws IOException {
		this.store.close();
	}

}
