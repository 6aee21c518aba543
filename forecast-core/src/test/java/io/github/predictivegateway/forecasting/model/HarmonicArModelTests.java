package io.github.predictivegateway.forecasting.model;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HarmonicArModelTests {

	private static final long START = 1_424_649_600L;

	/** log1p(y_t) = 2 + sin(2 pi d) + 0.5 cos(4 pi d) + r_t, step 5 minutes. */
	private static SeriesHistory series(int days, double phi, double noise, long seed) {
		Random rnd = new Random(seed);
		double[] y = new double[days * 288];
		double r = 0;
		for (int t = 0; t < y.length; t++) {
			double d = (t % 288) / 288.0;
			r = phi * r + noise * rnd.nextGaussian();
			y[t] = Math.expm1(2 + Math.sin(2 * Math.PI * d) + 0.5 * Math.cos(4 * Math.PI * d) + r);
		}
		return new SeriesHistory("s", START, 300, y);
	}

	@Test
	void reproducesAPureDailyProfileExactly() {
		ScaledSeries s = ScaledSeries.of(series(8, 0, 0, 1));
		HarmonicArModel m = HarmonicArModel.fit(s, 0, 7 * 288, 3, 0, 0);
		double[] f = m.forecast(s, 7 * 288, 12);
		for (int h = 0; h < 12; h++) {
			assertThat(f[h]).isCloseTo(s.z(7 * 288 + h), within(1e-6));
		}
	}

	@Test
	void recoversTheArCoefficientOfTheErrors() {
		ScaledSeries s = ScaledSeries.of(series(14, 0.8, 0.2, 7));
		HarmonicArModel m = HarmonicArModel.fit(s, 0, s.length(), 3, 0, 1);
		assertThat(m.state().parameters().get("phi")[0]).isCloseTo(0.8, within(0.03));
	}

	@Test
	void carriesTheRecentDeviationIntoTheNextSteps() {
		ScaledSeries s = ScaledSeries.of(series(14, 0.95, 0.1, 3));
		HarmonicArModel withAr = HarmonicArModel.fit(s, 0, 13 * 288, 3, 0, 2);
		HarmonicArModel withoutAr = HarmonicArModel.fit(s, 0, 13 * 288, 3, 0, 0);
		double errWith = 0;
		double errWithout = 0;
		for (int o = 13 * 288; o < s.length(); o++) {
			errWith += Math.abs(withAr.forecast(s, o, 1)[0] - s.z(o));
			errWithout += Math.abs(withoutAr.forecast(s, o, 1)[0] - s.z(o));
		}
		assertThat(errWith).isLessThan(0.6 * errWithout);
	}

	@Test
	void forecastEachEqualsOneForecastPerOrigin() {
		ScaledSeries s = ScaledSeries.of(series(10, 0.8, 0.2, 5));
		HarmonicArModel m = HarmonicArModel.fit(s, 0, 8 * 288, 4, 0, 3);
		double[][] all = m.forecastEach(s, 8 * 288, 8 * 288 + 5, 12);
		assertThat(all[4]).containsExactly(m.forecast(s, 8 * 288 + 4, 12));
	}

}
