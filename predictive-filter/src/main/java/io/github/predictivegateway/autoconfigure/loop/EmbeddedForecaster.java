package io.github.predictivegateway.autoconfigure.loop;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.time.TimeSourceClock;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.UsageRecord;

/**
 * The forecaster engine (module forecast-engine) run inside the gateway, opened as the
 * sidecar opens it ({@link ForecasterEngine}, from the same settings type): a durable
 * usage store fed with this gateway's usage, versioned models, retraining and forecast
 * snapshots, all on the engine's clock (so compressed time applies). Its snapshots reach
 * the gateway as objects, through the same validation as a sidecar's JSON.
 */
final class EmbeddedForecaster implements Closeable {

	private static final Log logger = LogFactory.getLog(EmbeddedForecaster.class);

	private final ForecasterEngine engine;

	private volatile @Nullable ForecastSnapshot last;

	private EmbeddedForecaster(ForecasterEngine engine) {
		this.engine = engine;
	}

	static EmbeddedForecaster open(ForecasterSettings settings, TimeSource time) {
		return new EmbeddedForecaster(ForecasterEngine.open(settings, new TimeSourceClock(time)));
	}

	ForecasterSettings settings() {
		return this.engine.settings();
	}

	/**
	 * Builds the current snapshot and hands the object to {@code target} through the
	 * reader's validation, without JSON (confirming it when unchanged).
	 */
	void refreshInto(ForecastSnapshotReader reader, SnapshotForecastSource target) {
		accept(current(), reader, target);
	}

	/** The snapshot this engine serves now. */
	ForecastSnapshot current() {
		return this.engine.snapshots().current().snapshot();
	}

	/**
	 * Hands {@code snapshot} (this engine's, or the cluster leader's) to {@code target}
	 * through the reader's validation, confirming it when unchanged.
	 */
	void accept(ForecastSnapshot snapshot, ForecastSnapshotReader reader, SnapshotForecastSource target) {
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

	/** The engine's usage store, for usage read from the cluster's usage stream. */
	UsageStore store() {
		return this.engine.store();
	}

	void retrain() {
		List<Retrainer.Outcome> outcomes = this.engine.retrainer().retrainAll();
		logger.info("Embedded retraining: " + outcomes.size() + " series, "
				+ outcomes.stream().filter(Retrainer.Outcome::promoted).count() + " new versions");
	}

	void reloadModels() {
		this.engine.loader().refresh();
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
			this.engine.store().append(converted);
			return UsageSink.Result.ACCEPTED;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public void close() throws IOException {
		this.engine.close();
	}

}
