package io.github.predictivegateway.forecasting.selection;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst from 09:00 to 10:00 on weekdays only, weekends quiet: after three weeks of
 * history the served forecast covers Monday 09:00 with no declared pre-allocation.
 */
class WeekdayBurstTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final TrainingOptions options = TrainingOptions.builder().clock(CLOCK).build();

	@Test
	void upperBoundCoversMondayNineAfterThreeWeeksAtFiveMinutes() {
		assertCoversMondayNine(300);
	}

	@Test
	void upperBoundCoversMondayNineAfterThreeWeeksAtThirtyMinutes() {
		assertCoversMondayNine(1800);
	}

	@Test
	void theSameHourOnSundayIsForecastQuiet() {
		SeriesHistory s = WeekdayBurst.generate(22, 300, 7);
		int sundayNine = WeekdayBurst.mondayNine(3, 300) - 288;
		TrainedModel m = ForecastTrainer.train(s.head(sundayNine - 288 + 96), options);
		Forecast f = m.forecast(s.head(sundayNine), 1);
		assertThat(f.mean()[0]).isLessThan(40);
	}

	private void assertCoversMondayNine(int step) {
		SeriesHistory s = WeekdayBurst.generate(22, step, 7);
		int nine = WeekdayBurst.mondayNine(3, step);
		TrainedModel m = ForecastTrainer.train(s.head(21 * 86_400 / step), options);
		Forecast f = m.forecast(s.head(nine), 1);
		double actual = s.value(nine);
		assertThat(actual).isGreaterThan(150.0 * step / 300);
		assertThat(f.upper()[0]).isGreaterThanOrEqualTo(actual);
		assertThat(f.mean()[0]).isGreaterThan(0.6 * actual);
	}

}
