package io.github.predictivegateway.forecasting.backtest;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeasonalNaiveReferenceTests {

	/**
	 * Hourly steps; each day is one higher than the previous: every seasonal error is
	 * exactly +1.
	 */
	private static double[] risingDays(int days) {
		double[] y = new double[days * 24];
		for (int t = 0; t < y.length; t++) {
			y[t] = t % 24 + t / 24;
		}
		return y;
	}

	@Test
	void meanIsYesterdayAndBandIsShiftedByEmpiricalErrorQuantiles() {
		double[] y = risingDays(8);
		BacktestRegion region = BacktestRegion.of(y, 3600, 12);
		List<ForecastRow> rows = SeasonalNaiveReference.rows("s", y, region, 12);
		ForecastRow first = rows.get(0);
		assertThat(first.originIndex()).isEqualTo(144);
		assertThat(first.mean()).isEqualTo(5.0);
		assertThat(first.actual()).isEqualTo(6.0);
		assertThat(first.lower()).isEqualTo(6.0);
		assertThat(first.upper()).isEqualTo(6.0);
	}

	@Test
	void writesEveryOriginAndHorizon() {
		double[] y = risingDays(8);
		assertThat(SeasonalNaiveReference.rows("s", y, BacktestRegion.of(y, 3600, 12), 12)).hasSize(4 * 12);
	}

}
