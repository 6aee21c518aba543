package io.github.predictivegateway.forecaster.snapshot;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rolling accuracy on a series of 12-hour steps (a season of 2 steps), so that every
 * figure is small arithmetic: demand 10, 20, 10, 20, 14, 26 over steps 100..105; the
 * one-season naive error is mean(|10-10|, |20-20|, |14-10|, |26-20|) = 2.5.
 */
class LiveModelAccuracyTests {

	private static final int HALF_DAY = 43_200;

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private static final SeriesHistory HISTORY = new SeriesHistory("acme/db", 100L * HALF_DAY, HALF_DAY,
			new double[] { 10, 20, 10, 20, 14, 26 });

	@Test
	void maseIsTheMeanAbsoluteErrorOverTheSeasonalNaiveErrorAndCoverageTheShareInsideTheInterval() {
		LiveModelAccuracy accuracy = new LiveModelAccuracy(4);
		accuracy.issued(ACME, 104, 10, 8, 12);
		accuracy.issued(ACME, 105, 21, 18, 30);

		// errors |14-10| = 4 and |26-21| = 5: mean 4.5, over 2.5; 26 is inside [18, 30],
		// 14 is not inside [8, 12]
		assertThat(accuracy.accuracy(ACME, HISTORY, 106)).isEqualTo(new LiveModelAccuracy.Accuracy(2, 1.8, 0.5));
	}

	@Test
	void aStepStillOpenIsNotScored() {
		LiveModelAccuracy accuracy = new LiveModelAccuracy(4);
		accuracy.issued(ACME, 104, 14, 10, 18);
		accuracy.issued(ACME, 105, 0, 0, 0);

		assertThat(accuracy.accuracy(ACME, HISTORY.head(5), 105).points()).isEqualTo(1);
	}

	@Test
	void stepsOlderThanTheWindowAreNotScored() {
		LiveModelAccuracy accuracy = new LiveModelAccuracy(2);
		accuracy.issued(ACME, 103, 0, 0, 0);
		accuracy.issued(ACME, 104, 14, 10, 18);
		accuracy.issued(ACME, 105, 26, 20, 30);

		assertThat(accuracy.accuracy(ACME, HISTORY, 106)).isEqualTo(new LiveModelAccuracy.Accuracy(2, 0.0, 1.0));
	}

	@Test
	void aLaterForecastForTheSameStepReplacesTheEarlierOne() {
		LiveModelAccuracy accuracy = new LiveModelAccuracy(4);
		accuracy.issued(ACME, 105, 0, 0, 0);
		accuracy.issued(ACME, 105, 26, 20, 30);

		assertThat(accuracy.accuracy(ACME, HISTORY, 106)).isEqualTo(new LiveModelAccuracy.Accuracy(1, 0.0, 1.0));
	}

	@Test
	void aSeriesNeverForecastHasNoFigures() {
		LiveModelAccuracy.Accuracy none = new LiveModelAccuracy(4).accuracy(ACME, HISTORY, 106);

		assertThat(none.points()).isZero();
		assertThat(none.mase()).isNaN();
		assertThat(none.coverage()).isNaN();
	}

	@Test
	void withoutMoreThanASeasonOfHistoryMaseIsNotANumberButCoverageIsKnown() {
		LiveModelAccuracy accuracy = new LiveModelAccuracy(4);
		accuracy.issued(ACME, 101, 20, 15, 25);
		SeriesHistory twoSteps = HISTORY.head(2);

		LiveModelAccuracy.Accuracy figures = accuracy.accuracy(ACME, twoSteps, 102);
		assertThat(figures.mase()).isNaN();
		assertThat(figures.coverage()).isEqualTo(1.0);
	}

	@Test
	void theWindowMustHoldAStep() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LiveModelAccuracy(0))
			.withMessageContaining("at least one step");
	}

}
