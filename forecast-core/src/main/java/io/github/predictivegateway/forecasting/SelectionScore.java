package io.github.predictivegateway.forecasting;

/**
 * How a model did on the recent data before it was served, forecasting from origins
 * before the training end as it would have been served then.
 *
 * @param mase mean absolute error of the point forecast over all origins and horizons,
 * divided by the in-sample one-day seasonal naive error of the fit window (NaN when not
 * measurable)
 * @param coverage share of held-out actuals inside the served interval, each interval
 * calibrated only on errors observed before its origin (NaN when not measured)
 * @param points number of (origin, horizon) points scored
 */
public record SelectionScore(double mase, double coverage, int points) {

	/** For models served without a backtest (too little history). */
	public static SelectionScore none() {
		return new SelectionScore(Double.NaN, Double.NaN, 0);
	}
}
