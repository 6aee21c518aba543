package io.github.predictivegateway.forecasting.model;

/**
 * Regression features of absolute time: an intercept, {@code K_d} time-of-day harmonics
 * and {@code K_w} day-of-week harmonics, <pre>
 *   x(t) = [1, sin(2 pi k d(t)), cos(2 pi k d(t)) for k = 1..K_d, sin(2 pi j w(t)), cos(2 pi j w(t)) for j = 1..K_w]
 * </pre> where {@code d(t) = (t mod 86400) / 86400} and
 * {@code w(t) = (t mod 604800) / 604800} ({@code t} in epoch seconds, UTC). Weekly
 * harmonics that are multiples of 7 would duplicate daily ones, so {@code K_w} is at most
 * 6. Higher harmonics come from the angle-addition recurrence, so each row costs two
 * sine/cosine pairs.
 */
public final class FourierFeatures {

	private static final double DAY = 86_400.0;

	private static final double WEEK = 7 * DAY;

	private final int dailyHarmonics;

	private final int weeklyHarmonics;

	public FourierFeatures(int dailyHarmonics, int weeklyHarmonics) {
		if (dailyHarmonics < 0 || weeklyHarmonics < 0 || weeklyHarmonics > 6) {
			throw new IllegalArgumentException(
					"harmonics must be >= 0 (weekly at most 6), were " + dailyHarmonics + ", " + weeklyHarmonics);
		}
		this.dailyHarmonics = dailyHarmonics;
		this.weeklyHarmonics = weeklyHarmonics;
	}

	public int dailyHarmonics() {
		return dailyHarmonics;
	}

	public int weeklyHarmonics() {
		return weeklyHarmonics;
	}

	/** Number of features including the intercept. */
	public int size() {
		return 1 + 2 * dailyHarmonics + 2 * weeklyHarmonics;
	}

	/** Fills {@code out[0..size())} with the features of epoch second {@code t}. */
	public void fill(long t, double[] out) {
		out[0] = 1.0;
		int i = harmonics(2 * Math.PI * Math.floorMod(t, 86_400L) / DAY, dailyHarmonics, out, 1);
		harmonics(2 * Math.PI * Math.floorMod(t, 604_800L) / WEEK, weeklyHarmonics, out, i);
	}

	/** Dot product of the features of epoch second {@code t} with {@code beta}. */
	public double dot(long t, double[] beta, double[] scratch) {
		fill(t, scratch);
		double s = 0;
		for (int i = 0; i < beta.length; i++) {
			s += scratch[i] * beta[i];
		}
		return s;
	}

	private static int harmonics(double angle, int count, double[] out, int at) {
		double s1 = Math.sin(angle);
		double c1 = Math.cos(angle);
		double s = s1;
		double c = c1;
		for (int k = 1; k <= count; k++) {
			out[at++] = s;
			out[at++] = c;
			double sn = s * c1 + c * s1;
			c = c * c1 - s * s1;
			s = sn;
		}
		return at;
	}

}
