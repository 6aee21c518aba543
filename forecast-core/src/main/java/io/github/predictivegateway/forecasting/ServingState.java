package io.github.predictivegateway.forecasting;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.interval.RecentErrors;

/**
 * What a served model learnt from the data just before an origin: its members' weights
 * (an adaptive combination), its recent errors and the calibration they give, and the cap
 * on its bounds. {@link TrainedModel#prepare} computes it, which costs a pass over the
 * recent window;
 * {@link TrainedModel#forecast(io.github.predictivegateway.forecasting.series.SeriesHistory, io.github.predictivegateway.forecasting.series.SeriesHistory, int, double[], ServingState)}
 * reuses it at later origins for the price of the members' point forecasts, which is how
 * a server forecasting thousands of series every step re-weighs and re-calibrates each
 * one every few steps instead of every step.
 *
 * @param origin the origin it was computed at
 * @param weights per member of an adaptive combination, or null for any other model
 * @param errors the recent errors, or null when the trained calibration applies
 * @param calibration the calibration in force (from {@code errors}, or the trained one)
 * @param cap the bound no upper bound or quantile exceeds (infinite for none)
 */
public record ServingState(int origin, double @Nullable [] weights, @Nullable RecentErrors errors,
		ConformalCalibration calibration, double cap) {
}
