package io.github.predictivegateway.sidecar.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesSummaryTests {

	@Test
	void theMedianOfAnOddCountIsTheMiddleValue() {
		assertThat(SeriesSummary.of(new double[] { 0.9, 0.3, 1.4 })).isEqualTo(new SeriesSummary(0.9, 0.3, 1.4));
	}

	@Test
	void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
		assertThat(SeriesSummary.of(new double[] { 0.5, 1.5, 0.7, 0.9 }).median()).isEqualTo(0.8);
	}

	@Test
	void seriesWithoutAScoreAreLeftOut() {
		assertThat(SeriesSummary.of(new double[] { Double.NaN, 0.6, 0.8 })).isEqualTo(new SeriesSummary(0.7, 0.6, 0.8));
	}

	@Test
	void withoutAnyScoreEveryStatisticIsNotANumber() {
		assertThat(SeriesSummary.of(new double[] { Double.NaN })).isEqualTo(SeriesSummary.NONE);
		assertThat(SeriesSummary.NONE.median()).isNaN();
	}

}
