package io.github.predictivegateway.forecasting.model;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HoltWintersModelTests {

	private static ScaledSeries periodic(int days) {
		double[] y = new double[days * 288];
		for (int t = 0; t < y.length; t++) {
			y[t] = 20 + 10 * Math.sin(2 * Math.PI * (t % 288) / 288.0);
		}
		return ScaledSeries.of(new SeriesHistory("s", 1_424_649_600L, 300, y));
	}

	@Test
	void forecastsAPurelyPeriodicSeriesExactly() {
		ScaledSeries s = periodic(10);
		HoltWintersModel m = HoltWintersModel.fit(s, 0, 9 * 288);
		double[] f = m.forecast(s, 9 * 288 + 100, 12);
		for (int h = 0; h < 12; h++) {
			assertThat(f[h]).isCloseTo(s.z(9 * 288 + 100 + h), within(1e-9));
		}
	}

	@Test
	void forecastEachMatchesSingleForecasts() {
		ScaledSeries s = periodic(10);
		HoltWintersModel m = HoltWintersModel.fit(s, 0, 8 * 288);
		double[][] all = m.forecastEach(s, 9 * 288, 9 * 288 + 3, 12);
		assertThat(all[2]).containsExactly(m.forecast(s, 9 * 288 + 2, 12));
	}

}
