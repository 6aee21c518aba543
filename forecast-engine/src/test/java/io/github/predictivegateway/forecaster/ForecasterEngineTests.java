package io.github.predictivegateway.forecaster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.wire.ForecastSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine opened from its settings: journal in the data directory, models in the model
 * directory, the horizon and history of the settings.
 */
class ForecasterEngineTests {

	private static final long STEP = 300;

	private static final int DAY = 288;

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(DAY * 4 * STEP + 10), ZoneOffset.UTC);

	@TempDir
	Path dir;

	private ForecasterSettings settings(int horizon) {
		ForecasterProperties properties = new ForecasterProperties(this.dir.resolve("data"));
		properties.setHorizon(horizon);
		return properties.toSettings(Duration.ofSeconds(STEP));
	}

	@Test
	void usageStoredIsTrainedOnAndForecastOverTheSettingsHorizon() throws IOException {
		try (ForecasterEngine engine = ForecasterEngine.open(settings(6), this.clock)) {
			engine.store().append(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));

			List<Retrainer.Outcome> outcomes = engine.retrainer().retrainAll();

			assertThat(outcomes).singleElement().extracting(Retrainer.Outcome::promoted).isEqualTo(true);
			ForecastSnapshot snapshot = engine.snapshots().current().snapshot();
			assertThat(snapshot.series()).singleElement().satisfies(series -> assertThat(series.points()).hasSize(6));
		}
		try (var versions = Files.list(this.dir.resolve("data").resolve("models"))) {
			assertThat(versions).as("one series directory in the default model directory").hasSize(1);
		}
	}

	@Test
	void aReopenedEngineHasTheUsageAndTheModelsOfTheLastOne() throws IOException {
		try (ForecasterEngine engine = ForecasterEngine.open(settings(12), this.clock)) {
			engine.store().append(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
			engine.retrainer().retrainAll();
		}

		try (ForecasterEngine reopened = ForecasterEngine.open(settings(12), this.clock)) {
			assertThat(reopened.store().history().series()).hasSize(1);
			assertThat(reopened.loader().all()).hasSize(1);
			assertThat(reopened.snapshots().current().seriesCount()).isEqualTo(1);
		}
	}

}
