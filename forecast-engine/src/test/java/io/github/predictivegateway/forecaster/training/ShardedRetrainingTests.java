package io.github.predictivegateway.forecaster.training;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sidecars sharing one model directory, each with the same usage (as two sidecars
 * reading one usage stream): "acme" is shard 0 of 2 (CRC32 96778814), "beta" shard 1
 * (CRC32 2408645731).
 */
class ShardedRetrainingTests {

	private static final long STEP = 300;

	private static final int DAY = 288;

	private static final SeriesKey ACME = new SeriesKey("acme", "requests");

	private static final SeriesKey BETA = new SeriesKey("beta", "requests");

	@TempDir
	Path models;

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(DAY * 3 * STEP), ZoneOffset.UTC);

	private UsageHistory history() {
		UsageHistory history = new UsageHistory(STEP, 24, DAY * 35);
		history.apply(DailyTraffic.records("acme", "requests", STEP, 0, DAY * 3, 20, 1));
		history.apply(DailyTraffic.records("beta", "requests", STEP, 0, DAY * 3, 40, 2));
		return history;
	}

	private Retrainer retrainer(int shard, ModelLoader loader) {
		return new Retrainer(history(), new ModelRepository(this.models), loader,
				TrainingOptions.builder().clock(this.clock).build(), new LeadLagDetector(12, 0.1), this.clock, DAY * 35,
				0.02, new TenantShard(shard, 2));
	}

	@Test
	void eachSidecarTrainsOnlyTheTenantsOfItsShard() {
		List<Retrainer.Outcome> first = retrainer(0, loader()).retrainAll();
		List<Retrainer.Outcome> second = retrainer(1, loader()).retrainAll();

		assertThat(first).extracting(Retrainer.Outcome::series).containsExactly(ACME);
		assertThat(second).extracting(Retrainer.Outcome::series).containsExactly(BETA);
		assertThat(new ModelRepository(this.models).versions(ACME)).hasSize(1);
		assertThat(new ModelRepository(this.models).versions(BETA)).hasSize(1);
	}

	@Test
	void everySidecarServesTheModelsOfEveryShardFromTheSharedDirectory() {
		ModelLoader firstLoader = loader();
		ModelLoader secondLoader = loader();
		retrainer(0, firstLoader).retrainAll();
		retrainer(1, secondLoader).retrainAll();

		firstLoader.refresh();

		assertThat(firstLoader.all().keySet()).containsExactlyInAnyOrder(ACME, BETA);
		assertThat(secondLoader.all().keySet()).containsExactlyInAnyOrder(ACME, BETA);
	}

	private ModelLoader loader() {
		return new ModelLoader(new ModelRepository(this.models), (int) STEP);
	}

}
