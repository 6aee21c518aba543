package io.github.predictivegateway.forecasting.interval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentErrorsTests {

	/**
	 * Rows of zero forecasts from origins 0..n-1 of a series z[t] = t + 1: errors 1..n.
	 */
	private static RecentErrors errors(int n, double halfLife) {
		double[][] rows = new double[n][1];
		return RecentErrors.of(rows, 0, n, 1, halfLife, 1, t -> t + 1);
	}

	@Test
	void equalWeightsGiveTheSplitConformalOrderStatistics() {
		RecentErrors e = errors(19, Double.POSITIVE_INFINITY);
		assertThat(e.quantile(1, 0.975)).isEqualTo(19.0);
		assertThat(e.quantile(1, 0.025)).isEqualTo(1.0);
		assertThat(e.quantile(1, 0.5)).isEqualTo(10.0);
		assertThat(e.quantile(1, 0.9)).isEqualTo(18.0);
	}

	@Test
	void agreesWithTheTrainedSplitConformalCalibrationAtEqualWeights() {
		double[][] matrix = new double[19][1];
		for (int i = 0; i < 19; i++) {
			matrix[i][0] = i + 1;
		}
		ConformalCalibration split = ConformalCalibration.fromErrors(matrix, 1, 0.95, PointEstimate.MEDIAN);
		ConformalCalibration recent = errors(19, Double.POSITIVE_INFINITY)
			.calibration(io.github.predictivegateway.forecasting.model.FittingScale.LOG1P, 0.95, PointEstimate.MEDIAN);
		assertThat(recent.lower()).containsExactly(split.lower());
		assertThat(recent.upper()).containsExactly(split.upper());
		assertThat(recent.centre()).containsExactly(split.centre());
	}

	@Test
	void theNewestErrorsWeighMost() {
		// weights halve every step back: the newest error (10) carries half of the total
		RecentErrors e = errors(10, 1.0);
		assertThat(e.quantile(1, 0.5)).isEqualTo(10.0);
		assertThat(errors(10, Double.POSITIVE_INFINITY).quantile(1, 0.5)).isEqualTo(5.0);
	}

	@Test
	void tooFewErrorsPerHorizonGiveNothing() {
		double[][] rows = new double[5][2];
		assertThat(RecentErrors.of(rows, 0, 5, 2, 1.0, 5, t -> t)).isNull();
		assertThat(RecentErrors.of(rows, 0, 6, 2, 1.0, 5, t -> t)).isNotNull();
	}

	@Test
	void aHorizonOnlyCountsErrorsAlreadyObservedAtTheOrigin() {
		// origin 10: horizon 2 from origin 9 would target step 10, not yet observed
		double[][] rows = new double[10][2];
		RecentErrors e = RecentErrors.of(rows, 0, 10, 2, Double.POSITIVE_INFINITY, 1, t -> t + 1);
		assertThat(e.quantile(1, 0.975)).isEqualTo(10.0);
		assertThat(e.quantile(2, 0.975)).isEqualTo(10.0);
		assertThat(e.quantile(2, 0.025)).isEqualTo(2.0);
	}

}
