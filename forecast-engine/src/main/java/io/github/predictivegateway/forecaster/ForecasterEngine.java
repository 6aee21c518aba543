package io.github.predictivegateway.forecaster;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecaster.training.TenantShard;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;

/**
 * One forecaster, assembled from its {@link ForecasterSettings} in the one way the
 * sidecar and the gateway's embedded forecaster both use: the durable usage history
 * ({@link UsageStore}, its journal replayed), versioned models in a
 * {@link ModelRepository} served by a {@link ModelLoader} (loaded once on open), the
 * {@link Retrainer} and the {@link ForecastSnapshots}, all on one clock. Scheduling
 * retraining and model loading is the host's ({@link ForecasterSettings#retrainPeriod},
 * {@link ForecasterSettings#loaderPollInterval()}); closing the engine closes the
 * journal.
 *
 * @param settings what it was opened with
 * @param store the durable usage history
 * @param repository the model directory
 * @param loader the live model of each series
 * @param retrainer retraining, on the host's schedule
 * @param snapshots the forecast snapshot
 */
public record ForecasterEngine(ForecasterSettings settings, UsageStore store, ModelRepository repository,
		ModelLoader loader, Retrainer retrainer, ForecastSnapshots snapshots) implements Closeable {

	private static final Log logger = LogFactory.getLog(ForecasterEngine.class);

	/** A forecaster that trains every tenant. */
	public static ForecasterEngine open(ForecasterSettings settings, Clock clock) {
		return open(settings, clock, TenantShard.ALL);
	}

	/**
	 * Opens (creating where needed) the usage journal and the model directory of
	 * {@code settings}.
	 * @param clock the forecaster's time (compressed time applies through it)
	 * @param shard the tenants this forecaster trains; it forecasts every series
	 */
	public static ForecasterEngine open(ForecasterSettings settings, Clock clock, TenantShard shard) {
		UsageHistory empty = new UsageHistory(settings.stepSeconds(), settings.steps(settings.dedupeWindow()),
				settings.steps(settings.historyRetention()));
		UsageStore store = UsageStore.open(settings.dataDir(), empty, settings.journalCompactBytes());
		ModelRepository repository = new ModelRepository(settings.modelDir());
		ModelLoader loader = new ModelLoader(repository, (int) settings.stepSeconds());
		loader.refresh();
		TrainingOptions options = TrainingOptions.builder()
			.horizon(settings.horizon())
			.level(settings.level())
			.clock(clock)
			.build();
		Retrainer retrainer = new Retrainer(store.history(), repository, loader, options,
				new LeadLagDetector(settings.maxLeadSteps(), settings.minLeadCorrelation()), clock,
				settings.steps(settings.historyRetention()), settings.promotionTolerance(), shard);
		ForecastSnapshots snapshots = new ForecastSnapshots(store.history(), loader, clock, settings.horizon(),
				settings.steps(settings.forecastHistory()));
		logger.info("Forecaster: usage in " + settings.dataDir() + ", models in " + settings.modelDir());
		return new ForecasterEngine(settings, store, repository, loader, retrainer, snapshots);
	}

	@Override
	public void close() throws IOException {
		this.store.close();
	}

}
