package io.github.predictivegateway.forecasting.model;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

class SeasonalNaiveModelTests {

	@Test
	void forecastsTheSameStepOfThePreviousDay() {
		double[] y = new double[48];
		for (int t = 0; t < y.length; t++) {
			y[t] = t;
		}
		ScaledSeries s = ScaledSeries.of(new SeriesHistory("s", 0, 3600, y));
		double[] f = new SeasonalNaiveModel(24).forecast(s, 30, 3);
		assertThat(f).containsExactly(Math.log1p(6), Math.log1p(7), Math.log1p(8));
	}

}
