package io.github.predictivegateway.forecaster;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ForecasterSettingsTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final ForecasterProperties properties = new ForecasterProperties(Path.of("data"));

	@Test
	void theDefaultsAreOneSetOfValidSettings() {
		ForecasterSettings settings = this.properties.toSettings(MINUTE);

		assertThat(settings).isEqualTo(new ForecasterSettings(MINUTE, Path.of("data"), Path.of("data", "models"), 12,
				0.95, Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofDays(35),
				Duration.ofHours(2), Duration.ofDays(6), 0.02, 64L * 1024 * 1024, 12, 0.1));
	}

	@Test
	void aModelDirectorySetIsKeptOtherwiseModelsLiveUnderTheDataDirectory() {
		this.properties.setDataDir(Path.of("/var/lib/forecast"));
		assertThat(this.properties.toSettings(MINUTE).modelDir()).isEqualTo(Path.of("/var/lib/forecast/models"));

		this.properties.setModelDir(Path.of("/shared/models"));
		assertThat(this.properties.toSettings(MINUTE).modelDir()).isEqualTo(Path.of("/shared/models"));
	}

	@Test
	void everySettingOutOfItsRangeIsNamedAtOnce() {
		this.properties.setHorizon(0);
		this.properties.setForecastHistory(Duration.ZERO);
		this.properties.setMinLeadCorrelation(1.5);

		assertThatExceptionOfType(InvalidForecasterSettingsException.class)
			.isThrownBy(() -> this.properties.toSettings(MINUTE))
			.satisfies(ex -> assertThat(ex.problems()).extracting(InvalidForecasterSettingsException.Problem::property)
				.containsExactly("horizon", "forecast-history", "min-lead-correlation"))
			.withMessage("horizon is 0; it must be from 1 to 1000; forecast-history is PT0S; it must be positive; "
					+ "min-lead-correlation is 1.5; it must be from 0 to 0.99");
	}

	@Test
	void aRetentionShorterThanTheDedupeWindowIsRefused() {
		this.properties.setHistoryRetention(Duration.ofHours(1));

		assertThatExceptionOfType(InvalidForecasterSettingsException.class)
			.isThrownBy(() -> this.properties.toSettings(MINUTE))
			.withMessage("history-retention is PT1H; it must be at least the dedupe-window PT2H");
	}

	@Test
	void aStepOfPartSecondsIsRefused() {
		assertThatExceptionOfType(InvalidForecasterSettingsException.class)
			.isThrownBy(() -> this.properties.toSettings(Duration.ofMillis(1500)))
			.satisfies(ex -> assertThat(ex.problems()).singleElement()
				.extracting(InvalidForecasterSettingsException.Problem::property)
				.isEqualTo("step"));
	}

	@Test
	void aProblemIsReportedUnderTheNameTheHostBindsItBy() {
		InvalidForecasterSettingsException.Problem problem = new InvalidForecasterSettingsException.Problem("level",
				0.4, "above 0.5 and at most 0.999");

		assertThat(problem.message("sidecar.level"))
			.isEqualTo("sidecar.level is 0.4; it must be above 0.5 and at most 0.999");
	}

	@Test
	void durationsAreCountedInWholeStepsAndAtLeastOne() {
		ForecasterSettings settings = this.properties.toSettings(Duration.ofMinutes(5));

		assertThat(settings.steps(settings.forecastHistory())).isEqualTo(1728);
		assertThat(settings.steps(Duration.ofSeconds(30))).isEqualTo(1);
	}

	@Test
	void compressedTimeRetrainsEveryCompressedIntervalButNotMoreOftenThanEveryMillisecond() {
		ForecasterSettings settings = this.properties.toSettings(MINUTE);

		assertThat(settings.retrainPeriod(60)).isEqualTo(Duration.ofMinutes(24));
		assertThat(settings.retrainPeriod(1e12)).isEqualTo(Duration.ofMillis(1));
	}

}
