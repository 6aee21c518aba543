package io.github.predictivegateway.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.predictivegateway.forecasting.series.SeriesHistory;
import org.junit.jupiter.api.Test;

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
