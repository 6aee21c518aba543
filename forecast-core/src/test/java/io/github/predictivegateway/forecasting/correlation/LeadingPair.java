package io.github.predictivegateway.forecasting.correlation;

import java.util.Random;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A seeded synthetic tenant whose {@code db} usage leads its {@code compute} usage by
 * {@code lag} steps: both share a daily rhythm; a persistent deviation {@code u} (AR(1),
 * 0.7) drives {@code db} now and {@code compute} {@code lag} steps later.
 */
final class LeadingPair {

	final SeriesHistory db;

	final SeriesHistory compute;

	LeadingPair(int days, int lag, long seed) {
		Random rnd = new Random(seed);
		int n = days * 288;
		double[] u = new double[n];
		double[] db = new double[n];
		double[] compute = new double[n];
		for (int t = 0; t < n; t++) {
			u[t] = (t > 0 ? 0.7 * u[t - 1] : 0) + 0.4 * rnd.nextGaussian();
		}
		for (int t = 0; t < n; t++) {
			double daily = Math.sin(2 * Math.PI * (t % 288) / 288.0);
			double lead = t >= lag ? u[t - lag] : 0;
			db[t] = Math.round(Math.exp(3.5 + 0.6 * daily + u[t] + 0.05 * rnd.nextGaussian()));
			compute[t] = Math.round(Math.exp(3.0 + 0.6 * daily + lead + 0.1 * rnd.nextGaussian()));
		}
		long start = 1_424_649_600L;
		this.db = new SeriesHistory("db", start, 300, db);
		this.compute = new SeriesHistory("compute", start, 300, compute);
	}

}
