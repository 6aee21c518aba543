package io.github.predictivegateway.forecasting;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainedModelTests {

	private final SeriesHistory full = SyntheticSeries.generate("t", 9, 16, 300, 3);

	private final TrainedModel model = ForecastTrainer.train(full.head(14 * 288), TrainingOptions.defaults());

	@Test
	void forecastsFromNewerDataThanItWasTrainedOn() {
		SeriesHistory newer = full.head(14 * 288 + 30);
		Forecast f = model.forecast(newer, 12);
		assertThat(f.firstStepEpochSecond()).isEqualTo(newer.epochSecondOf(newer.length()));
		assertThat(f.horizon()).isEqualTo(12);
	}

	@Test
	void boundsAreOrderedAndNeverNegative() {
		Forecast f = model.forecast(full.head(15 * 288), 12);
		for (int h = 0; h < 12; h++) {
			assertThat(f.lower()[h]).isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(f.mean()[h]);
			assertThat(f.upper()[h]).isGreaterThanOrEqualTo(f.mean()[h]);
		}
	}

	@Test
	void aBusierLastHourRaisesTheNextStepsForecast() {
		double[] y = full.head(15 * 288).values();
		double[] busy = y.clone();
		for (int i = busy.length - 12; i < busy.length; i++) {
			busy[i] = 3 * busy[i] + 10;
		}
		SeriesHistory quietHistory = new SeriesHistory("t", full.startEpochSecond(), 300, y);
		SeriesHistory busyHistory = new SeriesHistory("t", full.startEpochSecond(), 300, busy);
		assertThat(model.forecast(busyHistory, 1).mean()[0]).isGreaterThan(model.forecast(quietHistory, 1).mean()[0]);
	}

	@Test
	void forecastsFromARawArrayWithItsStartTime() {
		SeriesHistory recent = full.head(15 * 288).tail(288);
		assertThat(model.forecast(recent.values(), recent.startEpochSecond(), 12).mean())
			.containsExactly(model.forecast(recent, 12).mean());
	}

	@Test
	void rejectsHistoryWithAnotherStep() {
		SeriesHistory minutely = new SeriesHistory("t", 0, 60, new double[100]);
		assertThatThrownBy(() -> model.forecast(minutely, 12)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("step");
	}

}
