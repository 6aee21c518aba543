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
	void aStatePreparedAtTheOriginForecastsAsTheFullComputation() {
		SeriesHistory recent = full.head(15 * 288);
		double[] levels = { 0.5, 0.95 };
		Forecast direct = model.forecast(recent, null, 12, levels);
		Forecast reused = model.forecast(recent, null, 12, levels, model.prepare(recent, null, 12));
		// the members' state runs from a later start when forecasting one origin: equal
		// to 1%
		for (int h = 0; h < 12; h++) {
			assertThat(reused.mean()[h]).isCloseTo(direct.mean()[h],
					org.assertj.core.api.Assertions.withinPercentage(1));
			assertThat(reused.upper()[h]).isCloseTo(direct.upper()[h],
					org.assertj.core.api.Assertions.withinPercentage(1));
		}
	}

	@Test
	void quantilesIncreaseWithTheLevelAndTheIntervalEndsAreItsOuterQuantiles() {
		double[] levels = { 0.025, 0.5, 0.9, 0.95, 0.975, 0.99 };
		Forecast f = model.forecast(full.head(15 * 288), null, 12, levels);
		double[][] q = f.quantiles();
		for (int h = 0; h < 12; h++) {
			for (int i = 1; i < levels.length; i++) {
				assertThat(q[i][h]).isGreaterThanOrEqualTo(q[i - 1][h]);
			}
			assertThat(q[0][h]).isEqualTo(f.lower()[h]);
			assertThat(q[4][h]).isEqualTo(f.upper()[h]);
		}
	}

	@Test
	void boundsStayWithinTheRecentMaximumPlusTheRecentRange() {
		// a byte-like series: about 1000 per step with spikes of 10^9 at random steps
		java.util.Random rnd = new java.util.Random(11);
		double[] y = new double[16 * 288];
		for (int t = 0; t < y.length; t++) {
			y[t] = rnd.nextDouble() < 0.05 ? 1e9 : 1000 + 100 * rnd.nextGaussian();
		}
		SeriesHistory bytes = new SeriesHistory("bytes", full.startEpochSecond(), 300, y);
		TrainedModel m = ForecastTrainer.train(bytes.head(15 * 288), TrainingOptions.defaults());
		double max = 0;
		double min = Double.POSITIVE_INFINITY;
		for (int t = 15 * 288 - 864; t < 15 * 288; t++) {
			max = Math.max(max, y[t]);
			min = Math.min(min, y[t]);
		}
		Forecast f = m.forecast(bytes.head(15 * 288), 12);
		for (int h = 0; h < 12; h++) {
			assertThat(f.upper()[h]).isLessThanOrEqualTo(max + (max - min) + 1e-3);
		}
	}

	@Test
	void rejectsHistoryWithAnotherStep() {
		SeriesHistory minutely = new SeriesHistory("t", 0, 60, new double[100]);
		assertThatThrownBy(() -> model.forecast(minutely, 12)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("step");
	}

}
