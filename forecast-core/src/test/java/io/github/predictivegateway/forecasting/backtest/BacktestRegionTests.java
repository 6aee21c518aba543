package io.github.predictivegateway.forecasting.backtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestRegionTests {

	/**
	 * 8 days at hourly steps (season 24), y[t] = t: a quarter (48 steps) is shorter than
	 * 7 days.
	 */
	private static double[] linear(int n) {
		double[] y = new double[n];
		for (int t = 0; t < n; t++) {
			y[t] = t;
		}
		return y;
	}

	@Test
	void testRegionIsLastQuarterWhenShorterThanSevenDays() {
		BacktestRegion r = BacktestRegion.of(linear(192), 3600, 12);
		assertThat(r.season()).isEqualTo(24);
		assertThat(r.testStart()).isEqualTo(144);
	}

	@Test
	void originsAreTwelveStepsApartAndLeaveAFullHorizon() {
		assertThat(BacktestRegion.of(linear(192), 3600, 12).origins()).containsExactly(144, 156, 168, 180);
	}

	@Test
	void scaleIsInSampleSeasonalNaiveError() {
		assertThat(BacktestRegion.of(linear(192), 3600, 12).scale()).isEqualTo(24.0);
	}

	@Test
	void testRegionIsSevenDaysForLongSeries() {
		BacktestRegion r = BacktestRegion.of(linear(288 * 40), 300, 12);
		assertThat(r.testStart()).isEqualTo(288 * 33);
		assertThat(r.origins()).hasSize(168);
	}

}
