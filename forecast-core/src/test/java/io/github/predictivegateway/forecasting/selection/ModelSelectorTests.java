package io.github.predictivegateway.forecasting.selection;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.model.ModelKind;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

class ModelSelectorTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final TrainingOptions options = TrainingOptions.builder().clock(CLOCK).build();

	@Test
	void servesSeasonalNaiveWithAReasonWhenHistoryIsUnderTwoDays() {
		SeriesHistory s = SyntheticSeries.generate("short", 1, 2, 300, 3).head(432);
		TrainedModel m = ForecastTrainer.train(s, options);
		assertThat(m.model().kind()).isEqualTo(ModelKind.SEASONAL_NAIVE);
		assertThat(m.reason()).contains("only 1.50 days of history").contains("seasonal naive");
	}

	@Test
	void servesAFlatLevelWhenHistoryIsUnderADay() {
		SeriesHistory s = SyntheticSeries.generate("shorter", 1, 1, 300, 3).head(100);
		TrainedModel m = ForecastTrainer.train(s, options);
		assertThat(m.model().kind()).isEqualTo(ModelKind.FLAT);
		assertThat(m.reason()).contains("flat recent level");
	}

	@Test
	void servesTheCandidateWithTheLowestHeldOutError() {
		SeriesHistory s = SyntheticSeries.generate("tenant", 11, 21, 300, 3);
		SelectionResult r = ForecastTrainer.trainAll(s, null, 0, options.toBuilder().refitAllCandidates(true).build());
		double best = r.candidates().stream().mapToDouble(c -> c.score().mase()).min().orElseThrow();
		assertThat(r.served().score().mase()).isEqualTo(best);
		assertThat(r.served().model().kind()).isNotEqualTo(ModelKind.SEASONAL_NAIVE);
	}

	@Test
	void recordsTrainingTimeFromTheInjectedClock() {
		SeriesHistory s = SyntheticSeries.generate("tenant", 2, 5, 300, 3);
		assertThat(ForecastTrainer.train(s, options).trainedAt()).isEqualTo(CLOCK.instant());
	}

	@Test
	void heldOutCoverageIsNearTheLevel() {
		SeriesHistory s = SyntheticSeries.generate("tenant", 4, 21, 300, 3);
		assertThat(ForecastTrainer.train(s, options).score().coverage()).isBetween(0.93, 0.97);
	}

}
