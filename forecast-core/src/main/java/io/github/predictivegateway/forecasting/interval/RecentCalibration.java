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
 */
public record RecentCalibration(int window, double halfLife, int minSamples, double capRange) {

	public RecentCalibration {
		if (window < 1 || !(halfLife > 0) || minSamples < 1 || !(capRange >= 0)) {
			throw new IllegalArgumentException("window and minSamples must be >= 1, halfLife > 0, capRange >= 0; were "
					+ window + ", " + halfLife + ", " + minSamples + ", " + capRange);
		}
	}

}
