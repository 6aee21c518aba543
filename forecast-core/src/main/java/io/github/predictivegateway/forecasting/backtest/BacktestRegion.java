package io.github.predictivegateway.forecasting.backtest;

import java.util.Arrays;

/**
 * The test region of the forecast backtest protocol (EVALUATION.md; {@code region} in
 * {@code score_forecasts.py}).
 *
 * <ul>
 * <li>season {@code s = 86400 / step} steps (288 at 5 minutes);</li>
 * <li>test length {@code min(7 s, floor(n / 4))}, test start
 * {@code start = n - test};</li>
 * <li>origins {@code start, start + 12, ...} while {@code origin + horizon <= n};</li>
 * <li>scale {@code = mean |y[t] - y[t - s]|} for {@code t} in
 * {@code [max(s, start - 28 s), start)}: the in-sample error of the one-day seasonal
 * naive forecast over the 28 days before the test region.</li>
 * </ul>
 *
 * @param season steps per day
 * @param testStart index of the first test step
 * @param origins 0-based indices of the first forecast step of each origin
 * @param scale the MASE scale (may be 0 for a constant series; metrics then are infinite
 * or NaN)
 */
public record BacktestRegion(int season, int testStart, int[] origins, double scale) {

	/** Origins are one hour apart at 5-minute steps, as the protocol fixes. */
	public static final int ORIGIN_SPACING = 12;

	/**
	 * Computes the region of a resampled series for a step in seconds and a forecast
	 * horizon.
	 */
	public static BacktestRegion of(double[] y, int stepSeconds, int horizon) {
		int season = 86_400 / stepSeconds;
		int n = y.length;
		int test = Math.min(7 * season, n / 4);
		int start = n - test;
		int count = start + horizon <= n ? (n - horizon - start) / ORIGIN_SPACING + 1 : 0;
		int[] origins = new int[Math.max(0, count)];
		for (int i = 0; i < origins.length; i++) {
			origins[i] = start + i * ORIGIN_SPACING;
		}
		int lo = Math.max(season, start - 28 * season);
		double sum = 0;
		for (int t = lo; t < start; t++) {
			sum += Math.abs(y[t] - y[t - season]);
		}
		double scale = start > lo ? sum / (start - lo) : Double.NaN;
		return new BacktestRegion(season, start, origins, scale);
	}

	@Override
	public int[] origins() {
		return origins.clone();
	}

	@Override
	public String toString() {
		return "BacktestRegion[season=" + season + ", testStart=" + testStart + ", origins=" + origins.length
				+ ", scale=" + scale + "]";
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof BacktestRegion r && r.season == season && r.testStart == testStart
				&& Arrays.equals(r.origins, origins) && Double.compare(r.scale, scale) == 0;
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(origins) + Double.hashCode(scale) + testStart;
	}
}
