package io.github.predictivegateway.forecasting.model;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeasonalProfileModelTests {

	private final SeriesHistory series = SyntheticSeries.generate("s", 5, 22, 300, 3);

	@Test
	void isDailyOnlyUnderTwoWeeksOfData() {
		ScaledSeries s = ScaledSeries.of(this.series);
		assertThat(SeasonalProfileModel.fit(s, 0, 14 * 288 - 1, 12).weeklyProfile()).isFalse();
		assertThat(SeasonalProfileModel.fit(s, 0, 14 * 288, 12).weeklyProfile()).isTrue();
	}

	@Test
	void needsTwoDaysOfData() {
		ScaledSeries s = ScaledSeries.of(this.series);
		assertThatThrownBy(() -> SeasonalProfileModel.fit(s, 0, 2 * 288 - 1, 12))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("two days");
	}

	@Test
	void theWeeklyProfileLowersWeekendsBelowWeekdays() {
		// SyntheticSeries lowers weekends by 0.3 on the log scale: the weekly profile
		// sees it
		ScaledSeries s = ScaledSeries.of(this.series);
		SeasonalProfileModel m = SeasonalProfileModel.fit(s, 0, 21 * 288, 12);
		double[] weekly = m.state().require("weekly", 7 * 288);
		double weekday = 0;
		double weekend = 0;
		for (int t = 0; t < 7 * 288; t++) {
			int dow = (int) ((s.epochSecondOf(t) / 86_400 + 3) % 7);
			int q = (int) Math.floorMod(s.epochSecondOf(t) / 300, 7 * 288L);
			if (dow >= 5) {
				weekend += weekly[q] / (2 * 288);
			}
			else {
				weekday += weekly[q] / (5 * 288);
			}
		}
		assertThat(weekday - weekend).isBetween(0.1, 0.35);
	}

	@Test
	void restoresFromItsStateAndForecastsTheSame() {
		ScaledSeries s = ScaledSeries.of(this.series);
		SeasonalProfileModel m = SeasonalProfileModel.fit(s, 0, 21 * 288, 12);
		PointModel restored = ModelStates.restore(m.state());
		assertThat(restored.forecast(s, 21 * 288 + 7, 12)).containsExactly(m.forecast(s, 21 * 288 + 7, 12));
	}

	@Test
	void forecastEachRowsEqualSingleForecastsFromTheSameStart() {
		ScaledSeries s = ScaledSeries.of(this.series);
		SeasonalProfileModel m = SeasonalProfileModel.fit(s, 0, 21 * 288, 12);
		double[][] rows = m.forecastEach(s, 21 * 288, 21 * 288 + 5, 12);
		assertThat(rows[0]).containsExactly(m.forecast(s, 21 * 288, 12));
	}

}
