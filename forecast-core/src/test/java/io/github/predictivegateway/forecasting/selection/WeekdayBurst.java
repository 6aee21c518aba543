package io.github.predictivegateway.forecasting.selection;

import java.util.Random;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A seeded series with a burst on weekday mornings only: Poisson counts of mean 20 (10 at
 * weekends), 200 from 09:00 to 10:00 UTC Monday to Friday, starting on a Monday at 00:00
 * UTC.
 */
final class WeekdayBurst {

	static final long MONDAY = 1_424_649_600L;

	private WeekdayBurst() {
	}

	static SeriesHistory generate(int days, int stepSeconds, long seed) {
		Random rnd = new Random(seed);
		int n = days * 86_400 / stepSeconds;
		double[] y = new double[n];
		for (int t = 0; t < n; t++) {
			long e = MONDAY + (long) t * stepSeconds;
			int dow = (int) ((e - MONDAY) / 86_400 % 7);
			long secondOfDay = e % 86_400;
			boolean weekend = dow >= 5;
			boolean burst = !weekend && secondOfDay >= 9 * 3600 && secondOfDay < 10 * 3600;
			double mean = (burst ? 200 : weekend ? 10 : 20) * stepSeconds / 300.0;
			y[t] = Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
		}
		return new SeriesHistory("burst", MONDAY, stepSeconds, y);
	}

	/** Index of Monday 09:00 of week {@code week} (0-based). */
	static int mondayNine(int week, int stepSeconds) {
		return (week * 7 * 86_400 + 9 * 3600) / stepSeconds;
	}

}
