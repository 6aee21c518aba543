package io.github.predictivegateway.forecasting.interval;

import java.util.Arrays;

import io.github.predictivegateway.forecasting.model.FittingScale;

/**
 * Recency-weighted conformal quantiles of a model's own recent errors, per horizon, on
 * the fitting scale: the calibration of an interval computed at forecast time from the
 * errors just before the origin, so that it widens within hours of a regime change and
 * narrows again after it.
 *
 * <p>
 * From the forecast rows {@code zhat(o', h)} of origins {@code o'} before the origin
 * {@code o}, every pair already observed ({@code o' + h - 1 < o}) gives an error
 * {@code e = z[o' + h - 1] - zhat(o', h)} at horizon {@code h}, weighted by the age of
 * its target, {@code w = 2^(-(o - o' - h) / halfLife)}. The quantile at level
 * {@code q > 0.5} is the weighted conformal quantile for non-exchangeable data (Barber,
 * Candès, Ramdas and Tibshirani, 2023): the smallest sorted error {@code e_(k)} with
 * {@code sum_{i<=k} w_(i) >= q (sum w + 1)}, the {@code 1} being the weight of the point
 * to be predicted (the largest error when none is); below 0.5, the same from the top;
 * {@code 0.5} is the weighted median. With equal weights this is split conformal.
 */
public final class RecentErrors {

	private static final long INDEX_MASK = (1L << 20) - 1;

	private final double[][] sorted;

	private final double[][] cumulative;

	private RecentErrors(double[][] sorted, double[][] cumulative) {
		this.sorted = sorted;
		this.cumulative = cumulative;
	}

	/**
	 * The errors of {@code rows} (row {@code i} forecast from origin {@code first + i},
	 * on the fitting scale) observed before {@code origin}.
	 * @param z the series on the fitting scale, read below {@code origin} only
	 * @return the errors, or null when some horizon has fewer than {@code minSamples}
	 */
	public static RecentErrors of(double[][] rows, int first, int origin, int horizon, double halfLife, int minSamples,
			java.util.function.IntToDoubleFunction z) {
		double[][] sorted = new double[horizon][];
		double[][] cumulative = new double[horizon][];
		// weight by age of the target: 2^(-age / halfLife), ages 0 .. rows + horizon
		double[] byAge = new double[rows.length + horizon + 1];
		double decay = Math.pow(2, -1 / halfLife);
		byAge[0] = 1;
		for (int a = 1; a < byAge.length; a++) {
			byAge[a] = byAge[a - 1] * decay;
		}
		for (int h = 1; h <= horizon; h++) {
			int last = Math.min(origin - h, first + rows.length - 1);
			int n = last - first + 1;
			if (n < minSamples) {
				return null;
			}
			if (n > INDEX_MASK) {
				throw new IllegalArgumentException("at most " + INDEX_MASK + " errors per horizon");
			}
			double[] e = new double[n];
			long[] keys = new long[n];
			for (int i = 0; i < n; i++) {
				int o = first + i;
				e[i] = z.applyAsDouble(o + h - 1) - rows[i][h - 1];
				keys[i] = (orderedBits(e[i]) & ~INDEX_MASK) | i;
			}
			// sorts by the error (to 2^-32 of its magnitude), keeping its index in the
			// low bits
			Arrays.sort(keys);
			double[] se = new double[n];
			double[] cw = new double[n];
			double acc = 0;
			for (int k = 0; k < n; k++) {
				int i = (int) (keys[k] & INDEX_MASK);
				se[k] = e[i];
				acc += byAge[Math.min(byAge.length - 1, origin - (first + i) - h)];
				cw[k] = acc;
			}
			sorted[h - 1] = se;
			cumulative[h - 1] = cw;
		}
		return new RecentErrors(sorted, cumulative);
	}

	/** The bits of {@code d} as a long that orders like {@code d}. */
	private static long orderedBits(double d) {
		long bits = Double.doubleToLongBits(d);
		return bits ^ ((bits >> 63) & Long.MAX_VALUE);
	}

	/** Calibrated horizons. */
	public int horizons() {
		return this.sorted.length;
	}

	/**
	 * The error quantile at level {@code q} in (0, 1) for horizon {@code h} (1-based;
	 * beyond the last, the last).
	 */
	public double quantile(int h, double q) {
		int i = Math.min(h, this.sorted.length) - 1;
		double[] e = this.sorted[i];
		double[] c = this.cumulative[i];
		int n = e.length;
		double total = c[n - 1];
		if (q == 0.5) {
			double half = 0.5 * total;
			int k = 0;
			while (k < n - 1 && c[k] < half) {
				k++;
			}
			return e[k];
		}
		if (q > 0.5) {
			double need = q * (total + 1);
			for (int k = 0; k < n; k++) {
				if (c[k] >= need) {
					return e[k];
				}
			}
			return e[n - 1];
		}
		double need = (1 - q) * (total + 1);
		for (int k = n - 1; k >= 0; k--) {
			double above = total - (k == 0 ? 0 : c[k - 1]);
			if (above >= need) {
				return e[k];
			}
		}
		return e[0];
	}

	/**
	 * The central interval at {@code level} and the centre of {@code point} as a
	 * calibration.
	 */
	public ConformalCalibration calibration(FittingScale scale, double level, PointEstimate point) {
		int horizon = this.sorted.length;
		double a = 1 - level;
		double[] c = new double[horizon];
		double[] lo = new double[horizon];
		double[] hi = new double[horizon];
		for (int h = 1; h <= horizon; h++) {
			lo[h - 1] = quantile(h, a / 2);
			hi[h - 1] = quantile(h, 1 - a / 2);
			c[h - 1] = point == PointEstimate.MODEL ? 0.0 : quantile(h, 0.5);
		}
		return new ConformalCalibration(scale, level, c, lo, hi, this.sorted[horizon - 1].length);
	}

}
