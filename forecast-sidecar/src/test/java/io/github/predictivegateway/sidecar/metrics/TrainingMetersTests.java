package io.github.predictivegateway.sidecar.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingMetersTests {

	private static final SeriesKey DB = new SeriesKey("acme", "db");

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	@TempDir
	Path models;

	private TrainingMeters meters() {
		return new TrainingMeters(this.registry, new ModelLoader(new ModelRepository(this.models), 60));
	}

	private double versions(String outcome) {
		return this.registry.get(SidecarMetricNames.MODEL_VERSIONS)
			.tag(SidecarMetricNames.OUTCOME, outcome)
			.counter()
			.count();
	}

	@Test
	void aRetrainingRunIsTimed() {
		TrainingMeters meters = meters();

		meters.timed(() -> {
			this.clock.add(Duration.ofMillis(1250));
			return List.of();
		});

		assertThat(this.registry.get(SidecarMetricNames.TRAINING_DURATION).timer().count()).isEqualTo(1);
		assertThat(this.registry.get(SidecarMetricNames.TRAINING_DURATION).timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(1250);
	}

	@Test
	void eachSeriesOutcomeIsCountedAsPromotedRejectedOrSkipped() {
		TrainingMeters meters = meters();

		meters.timed(() -> List.of(new Retrainer.Outcome(DB, "holt-winters", true, 2, "candidate MASE 0.7"),
				new Retrainer.Outcome(DB, "harmonic", false, 2, "kept version 2: candidate is worse"),
				new Retrainer.Outcome(DB, "holt-winters", false, 2, Retrainer.NO_NEW_USAGE + "2 was trained"),
				new Retrainer.Outcome(new SeriesKey("acme", "compute"), null, false, null, "no usage history")));

		assertThat(versions("promoted")).isEqualTo(1);
		assertThat(versions("rejected")).isEqualTo(1);
		assertThat(versions("skipped")).isEqualTo(2);
	}

	@Test
	void withoutLiveModelsNoSeriesIsServedAndTheScoresAreNotANumber() {
		meters();

		assertThat(this.registry.get(SidecarMetricNames.MODELS_LIVE).gauge().value()).isZero();
		assertThat(this.registry.get(SidecarMetricNames.BACKTEST_MASE)
			.tag(SidecarMetricNames.STATISTIC, "median")
			.gauge()
			.value()).isNaN();
	}

}
