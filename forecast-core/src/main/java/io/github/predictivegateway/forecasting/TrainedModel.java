package io.github.predictivegateway.forecasting;

import java.time.Instant;
import java.util.Objects;

import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.model.PointModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A model ready to serve: the fitted point model, its conformal calibration and how it
 * was chosen. Immutable and thread-safe. It forecasts from any history at or after the
 * data it was trained on, so a model trained daily serves every step from the latest
 * usage ({@link #forecast(SeriesHistory, int)} costs microseconds).
 *
 * @param seriesName the series it was trained for
 * @param name model label: a kind id, or {@code ensemble(a+b)}
 * @param model the fitted point model on the fitting scale
 * @param calibration per-horizon conformal quantiles
 * @param score the selection backtest score on held-out recent data
 * @param reason why this model is served (winner of the backtest, or too little history)
 * @param leader name of the leading series used as a regressor, or null
 * @param leaderLag steps by which the leader leads (0 without a leader)
 * @param dataEndEpochSecond end of the training data (start of the first step not seen)
 * @param stepSeconds step length of the training data
 * @param trainedAt wall-clock time of training (from the options' clock)
 */
public record TrainedModel(String seriesName, String name, PointModel model, ConformalCalibration calibration,
		SelectionScore score, String reason, String leader, int leaderLag, long dataEndEpochSecond, int stepSeconds,
		Instant trainedAt) {

	public TrainedModel {
		Objects.requireNonNull(seriesName, "seriesName");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(calibration, "calibration");
		Objects.requireNonNull(score, "score");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(trainedAt, "trainedAt");
	}

	/** Forecast for the {@code horizon} steps after the end of {@code recent}. */
	public Forecast forecast(SeriesHistory recent, int horizon) {
		return forecast(recent, null, horizon);
	}

	/**
	 * Forecast for the {@code horizon} steps after {@code recent}, whose first value is
	 * the step starting at {@code recentStartEpochSecond} (steps of
	 * {@link #stepSeconds()}).
	 */
	public Forecast forecast(double[] recent, long recentStartEpochSecond, int horizon) {
		return forecast(new SeriesHistory(seriesName, recentStartEpochSecond, stepSeconds, recent), null, horizon);
	}

	/**
	 * Forecast for the {@code horizon} steps after the end of {@code recent}, with the
	 * leading series' recent history (required when {@link #leader()} is set; aligned by
	 * time).
	 */
	public Forecast forecast(SeriesHistory recent, SeriesHistory leaderHistory, int horizon) {
		if (recent.stepSeconds() != stepSeconds) {
			throw new IllegalArgumentException(
					"history step " + recent.stepSeconds() + "s differs from the model's " + stepSeconds + "s");
		}
		if (leader != null && leaderHistory == null) {
			throw new IllegalArgumentException("model for " + seriesName + " needs the history of " + leader);
		}
		ScaledSeries s = ScaledSeries.of(recent, leader == null ? null : leaderHistory, calibration.scale());
		return forecastFrom(s, s.length(), horizon);
	}

	/**
	 * Forecast from origin {@code origin} of a scaled series, reading only data before it
	 * (used by backtests).
	 */
	public Forecast forecastFrom(ScaledSeries series, int origin, int horizon) {
		double[] z = model.forecast(series, origin, horizon);
		double[] mean = new double[horizon];
		double[] lower = new double[horizon];
		double[] upper = new double[horizon];
		for (int h = 1; h <= horizon; h++) {
			double[] m = calibration.apply(z[h - 1], h);
			mean[h - 1] = m[0];
			lower[h - 1] = m[1];
			upper[h - 1] = m[2];
		}
		return new Forecast(series.epochSecondOf(origin), stepSeconds, mean, lower, upper);
	}
}
