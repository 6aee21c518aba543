package io.github.predictivegateway.forecasting.benchmark;

import java.util.Random;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Seeded synthetic usage counts with a daily and weekly rhythm, a persistent AR(1)
 * deviation and occasional bursts: <pre>
 *   log mu_t = base + 0.8 sin(2 pi d(t)) + 0.3 cos(4 pi d(t)) - 0.3 [weekend] + u_t + burst_t
 *   u_t = 0.9 u_{t-1} + N(0, 0.15^2),    y_t ~ Poisson(mu_t)
 * </pre> For benchmarks and examples; the same seed always gives the same series.
 */
public final class SyntheticSeries {

	private SyntheticSeries() {
	}

	/**
	 * A series of {@code days} days at {@code stepSeconds}, starting at a Monday 00:00
	 * UTC.
	 */
	public static SeriesHistory generate(String name, long seed, int days, int stepSeconds, double base) {
		Random rnd = new Random(seed);
		int n = days * 86_400 / stepSeconds;
		long start = 1_424_649_600L; // Monday 2015-02-23 00:00 UTC
		double[] y = new double[n];
		double u = 0;
		double burst = 0;
		for (int t = 0; t < n; t++) {
			long e = start + (long) t * stepSeconds;
			double d = (e % 86_400) / 86_400.0;
			int dow = (int) ((e / 86_400 + 3) % 7); // 0 = Monday
			u = 0.9 * u + 0.15 * rnd.nextGaussian();
			burst = rnd.nextDouble() < 0.002 ? 1.5 + rnd.nextDouble() : burst * 0.8;
			double logMu = base + 0.8 * Math.sin(2 * Math.PI * d) + 0.3 * Math.cos(4 * Math.PI * d)
					- (dow >= 5 ? 0.3 : 0) + u + burst;
			y[t] = poisson(rnd, Math.exp(logMu));
		}
		return new SeriesHistory(name, start, stepSeconds, y);
	}

	private static double poisson(Random rnd, double mu) {
		if (mu > 50) {
			return Math.max(0, Math.round(mu + Math.sqrt(mu) * rnd.nextGaussian()));
		}
		double l = Math.exp(-mu);
		int k = 0;
		double p = 1;
		do {
			k++;
			p *= rnd.nextDouble();
		}
		while (p > l);
		return k - 1;
	}

}
