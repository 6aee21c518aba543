package io.github.predictivegateway.forecasting.interval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConformalCalibrationTests {

	/** 19 errors -9..9 at one horizon. */
	private static double[][] errors() {
		double[][] e = new double[19][1];
		for (int i = 0; i < 19; i++) {
			e[i][0] = 9 - i;
		}
		return e;
	}

	@Test
	void boundsAreConformalOrderStatistics() {
		// level 0.8: lower = e_(floor(20 * 0.1)) = e_(2) = -8, upper = e_(ceil(20 * 0.9))
		// = e_(18) = 8
		ConformalCalibration c = ConformalCalibration.fromErrors(errors(), 1, 0.8, PointEstimate.MEDIAN);
		assertThat(c.lower()).containsExactly(-8.0);
		assertThat(c.upper()).containsExactly(8.0);
		assertThat(c.centre()).containsExactly(0.0);
	}

	@Test
	void centreIsTheMedianErrorByDefaultAndZeroForTheModelPoint() {
		double[][] e = { { 0.1 }, { 0.2 }, { 0.6 } };
		assertThat(ConformalCalibration.fromErrors(e, 1, 0.5, PointEstimate.MEDIAN).centre()).containsExactly(0.2);
		assertThat(ConformalCalibration.fromErrors(e, 1, 0.5, PointEstimate.MODEL).centre()).containsExactly(0.0);
	}

	@Test
	void meanCentreIsTheSmearingEstimate() {
		double[][] e = { { 0.1 }, { 0.2 }, { 0.6 } };
		double expected = Math.log((Math.exp(0.1) + Math.exp(0.2) + Math.exp(0.6)) / 3);
		assertThat(ConformalCalibration.fromErrors(e, 1, 0.5, PointEstimate.MEAN).centre()[0]).isCloseTo(expected,
				within(1e-12));
	}

	@Test
	void appliesOnTheLogScaleAndTransformsBack() {
		ConformalCalibration c = new ConformalCalibration(0.95, new double[] { 0.1 }, new double[] { -0.5 },
				new double[] { 0.7 }, 100);
		double[] m = c.apply(Math.log1p(10), 1);
		assertThat(m[0]).isCloseTo(Math.expm1(Math.log1p(10) + 0.1), within(1e-12));
		assertThat(m[1]).isCloseTo(Math.expm1(Math.log1p(10) - 0.5), within(1e-12));
		assertThat(m[2]).isCloseTo(Math.expm1(Math.log1p(10) + 0.7), within(1e-12));
	}

	@Test
	void lowerBoundIsNeverBelowZero() {
		ConformalCalibration c = ConformalCalibration.fromErrors(errors(), 1, 0.8, PointEstimate.MEDIAN);
		assertThat(c.apply(0.0, 1)[1]).isEqualTo(0.0);
	}

	@Test
	void horizonsBeyondTheCalibratedOnesUseTheLast() {
		ConformalCalibration c = new ConformalCalibration(0.95, new double[] { 0, 0 }, new double[] { -1, -2 },
				new double[] { 1, 2 }, 10);
		assertThat(c.apply(1.0, 7)).containsExactly(c.apply(1.0, 2));
	}

	@Test
	void rejectsLowerAboveUpper() {
		assertThatThrownBy(
				() -> new ConformalCalibration(0.95, new double[] { 0 }, new double[] { 1 }, new double[] { -1 }, 10))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
