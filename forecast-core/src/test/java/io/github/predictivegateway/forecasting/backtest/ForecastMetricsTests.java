package io.github.predictivegateway.forecasting.backtest;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastMetricsTests {

	// Hand-computed: abs errors 2, 2, 5, 1; covered rows 1 and 4; Winkler 7, 3 + 40*1 +
	// ... see each row.
	private final List<ForecastRow> rows = List.of(new ForecastRow("s", "m", 10, 1, 10, 8, 5, 12), // inside:
																									// width
																									// 7
			new ForecastRow("s", "m", 10, 2, 4, 6, 5, 9), // below by 1: 4 + 40 * 1 = 44
			new ForecastRow("s", "m", 10, 3, 20, 15, 10, 18), // above by 2: 8 + 40 * 2 =
																// 88
			new ForecastRow("s", "m", 10, 4, 0, 1, 0, 3)); // on the lower bound: inside,
															// width 3

	@Test
	void maseIsMeanAbsoluteErrorOverScale() {
		assertThat(ForecastMetrics.of(rows, 2.0).mase()).isCloseTo(10.0 / 4 / 2, within(1e-12));
	}

	@Test
	void coverageCountsBoundsAsInside() {
		assertThat(ForecastMetrics.of(rows, 2.0).coverage()).isEqualTo(0.5);
	}

	@Test
	void intervalScoreIsMeanWinklerOverScale() {
		assertThat(ForecastMetrics.of(rows, 2.0).intervalScore()).isCloseTo((7 + 44 + 88 + 3) / 4.0 / 2, within(1e-12));
	}

	@Test
	void smapeAndWidthAreMeansOverPoints() {
		ForecastMetrics m = ForecastMetrics.of(rows, 2.0);
		assertThat(m.smape()).isCloseTo((4.0 / 18 + 4.0 / 10 + 10.0 / 35 + 2.0 / 1) / 4, within(1e-12));
		assertThat(m.meanWidth()).isEqualTo((7 + 4 + 8 + 3) / 4.0);
	}

	@Test
	void winklerPenalisesMissesByTwoOverAlpha() {
		assertThat(ForecastMetrics.winkler(13, 5, 12)).isEqualTo(7 + 40.0);
	}

}
