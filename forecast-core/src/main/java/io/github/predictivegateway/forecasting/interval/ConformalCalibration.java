package io.github.predictivegateway.forecasting.interval;

import java.util.Arrays;

import io.github.predictivegateway.forecasting.model.FittingScale;

/**
 * Split-conformal calibration per horizon on the fitting scale.
 *
 * <p>
 * Written for the default {@code log1p} scale ({@code expm1} is its inverse; see
 * {@link FittingScale}). From out-of-sample rolling-origin errors {@code e_{o,h} =
 * z_{o+h-1} - zhat_{o,h}} (the {@code n} most recent origins before training ends), per
 * horizon {@code h}, with {@code e_(1) <= ... <= e_(n)} sorted: <pre>
 *   q_lo(h)  = e_(max(1, floor((n + 1) a/2)))          q_hi(h) = e_(min(n, ceil((n + 1)(1 - a/2))))
 *   centre(h) = median of e_{., h}            (see PointEstimate)
 *   lower = max(0, expm1(zhat + q_lo)),  upper = expm1(zhat + q_hi),  mean = expm1(zhat + centre) clamped to them
 * </pre> where {@code a = 1 - level}. By default ({@link PointEstimate#MEDIAN}) adding
 * the median error turns the model's point on the log scale into the median of the
 * back-transformed forecast distribution, which minimises absolute error; the
 * back-transformed mean would be pulled up by bursts. The interval is never below zero.
 * Horizons beyond the calibrated ones use the last one. Since {@code centre} may exceed
 * an interval bound for {@link PointEstimate#MEAN}, the served point is clamped into the
 * interval.
 */
public final class ConformalCalibration {

	private final FittingScale scale;

	private final double level;

	private final double[] centre;

	private final double[] lower;

	private final double[] upper;

	private final int samples;

	/** A calibration on the {@code log1p} scale. */
	public ConformalCalibration(double level, double[] centre, double[] lower, double[] upper, int samples) {
		this(FittingScale.LOG1P, level, centre, lower, upper, samples);
	}

	/** A calibration on the given fitting scale. */
	public ConformalCalibration(FittingScale scale, double level, double[] centre, double[] lower, double[] upper,
			int samples) {
		this.scale = java.util.Objects.requireNonNull(scale, "scale");
		if (!(level > 0 && level < 1)) {
			throw new IllegalArgumentException("level must be in (0, 1), was " + level);
		}
		if (centre.length == 0 || centre.length != lower.length || centre.length != upper.length) {
			throw new IllegalArgumentException("calibration arrays must be non-empty and of equal length");
		}
		for (int h = 0; h < centre.length; h++) {
			if (!Double.isFinite(centre[h]) || !Double.isFinite(lower[h]) || !Double.isFinite(upper[h])
					|| lower[h] > upper[h]) {
				throw new IllegalArgumentException(
						"calibration at horizon " + (h + 1) + " is not finite or lower > upper");
			}
		}
		this.level = level;
		this.centre = centre.clone();
		this.lower = lower.clone();
		this.upper = upper.clone();
		this.samples = samples;
	}

	/**
	 * Calibrates from an error matrix {@code errors[origin][h-1]} on the fitting scale.
	 * @param point which point of the back-transformed distribution the centre offset
	 * produces
	 */
	public static ConformalCalibration fromErrors(double[][] errors, int horizon, double level, PointEstimate point) {
		return fromErrors(FittingScale.LOG1P, errors, horizon, level, point);
	}

	/**
	 * As {@link #fromErrors(double[][], int, double, PointEstimate)} for errors on the
	 * given scale.
	 */
	public static ConformalCalibration fromErrors(FittingScale scale, double[][] errors, int horizon, double level,
			PointEstimate point) {
		double[] c = new double[horizon];
		double[] lo = new double[horizon];
		double[] hi = new double[horizon];
		int n = errors.length;
		if (n == 0) {
			throw new IllegalArgumentException("no errors to calibrate from");
		}
		double a = 1 - level;
		// the epsilon keeps rounding noise in (n + 1) a / 2 from moving an order
		// statistic by one
		int loIdx = Math.max(1, (int) Math.floor((n + 1) * a / 2 + 1e-9)) - 1;
		int hiIdx = Math.min(n, (int) Math.ceil((n + 1) * (1 - a / 2) - 1e-9)) - 1;
		double[] col = new double[n];
		for (int h = 0; h < horizon; h++) {
			for (int i = 0; i < n; i++) {
				col[i] = errors[i][h];
			}
			Arrays.sort(col);
			c[h] = switch (point) {
				case MEDIAN -> median(col);
				case MEAN -> smearing(col);
				case MODEL -> 0.0;
			};
			lo[h] = col[loIdx];
			hi[h] = col[hiIdx];
		}
		return new ConformalCalibration(scale, level, c, lo, hi, n);
	}

	/** {@code log(mean(exp(e)))}, computed stably around the largest error. */
	private static double smearing(double[] sorted) {
		double max = sorted[sorted.length - 1];
		double sum = 0;
		for (double e : sorted) {
			sum += Math.exp(e - max);
		}
		return max + Math.log(sum / sorted.length);
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}

	/**
	 * Mean, lower, upper on the original scale for the point forecast {@code zhat} at
	 * horizon {@code h} (1-based).
	 */
	public double[] apply(double zhat, int h) {
		int i = Math.min(h, centre.length) - 1;
		double l = Math.max(0.0, scale.inverse(zhat + lower[i]));
		double u = Math.max(l, scale.inverse(zhat + upper[i]));
		double m = Math.min(u, Math.max(l, scale.inverse(zhat + centre[i])));
		return new double[] { m, l, u };
	}

	public FittingScale scale() {
		return scale;
	}

	public double level() {
		return level;
	}

	public int samples() {
		return samples;
	}

	public int horizons() {
		return centre.length;
	}

	public double[] centre() {
		return centre.clone();
	}

	public double[] lower() {
		return lower.clone();
	}

	public double[] upper() {
		return upper.clone();
	}

}
