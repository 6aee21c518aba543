package io.github.predictivegateway.forecasting.interval;

/**
 * How a served model's interval is calibrated at forecast time from its own recent errors
 * ({@link RecentErrors}), and the bound that keeps it sane.
 *
 * @param window origins of recent errors used, before the origin
 * @param halfLife age in steps at which an error weighs half as much as the newest
 * @param minSamples fewest errors per horizon to calibrate from (else the trained
 * calibration is used)
 * @param capRange bounds stay at or below {@code max + capRange (max - min)} of the
 * values observed over the window before the origin, so that a back-transform from the
 * log scale cannot produce absurd bounds
 * @param tailScale every tail probability is multiplied by it, in [0.5, 1]: a quantile at
 * level {@code q > 0.5} is read at {@code 1 - (1 - q) tailScale}, one below 0.5 at
 * {@code q tailScale}. Set at training from the held-out coverage, as adaptive conformal
 * inference (Gibbs and Candès, 2021) moves its level after misses:
 * {@code clamp(a / (2 m), 0.5, 1)} with {@code a} the nominal miss rate of the interval
 * and {@code m} the held-out miss rate of its worse side (each bound should be exceeded a
 * share {@code a / 2} of the time), so a model whose upper or lower bound was exceeded
 * too often over its last days widens its next day's intervals and quantiles
 */
public record RecentCalibration(int window, double halfLife, int minSamples, double capRange, double tailScale) {

	public RecentCalibration {
		if (window < 1 || !(halfLife > 0) || minSamples < 1 || !(capRange >= 0)
				|| !(tailScale >= 0.5 && tailScale <= 1)) {
			throw new IllegalArgumentException(
					"window and minSamples must be >= 1, halfLife > 0, capRange >= 0, tailScale in [0.5, 1]; were "
							+ window + ", " + halfLife + ", " + minSamples + ", " + capRange + ", " + tailScale);
		}
	}

	/** With the nominal tails. */
	public RecentCalibration(int window, double halfLife, int minSamples, double capRange) {
		this(window, halfLife, minSamples, capRange, 1.0);
	}

	/** The same with another tail scale. */
	public RecentCalibration withTailScale(double scale) {
		return new RecentCalibration(this.window, this.halfLife, this.minSamples, this.capRange, scale);
	}

	/** The level a quantile at {@code q} is read at. */
	public double adjusted(double q) {
		if (q == 0.5) {
			return q;
		}
		return q > 0.5 ? 1 - (1 - q) * this.tailScale : q * this.tailScale;
	}

}
