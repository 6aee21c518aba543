package io.github.predictivegateway.forecasting;

/**
 * How a model did in the rolling-origin backtest on held-out recent data before it was
 * served.
 *
 * @param mase mean absolute error of the point forecast over all origins and horizons,
 * divided by the in-sample one-day seasonal naive error of the fit window (NaN when not
 * measurable)
 * @param coverage share of held-out actuals inside the calibrated interval; the
 * calibration used these same errors, so this checks the calibration rather than
 * predicting future coverage
 * @param points number of (origin, horizon) points scored
 */
public record SelectionScore(double mase, double coverage, int points) {

	/** For models served without a backtest (too little history). */
	public static SelectionScore none() {
		return new SelectionScore(Double.NaN, Double.NaN, 0);
	}
}
