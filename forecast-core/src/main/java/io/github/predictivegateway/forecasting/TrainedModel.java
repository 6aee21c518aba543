package io.github.predictivegateway.forecasting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.interval.RecentCalibration;
import io.github.predictivegateway.forecasting.model.AdaptiveEnsembleModel;
import io.github.predictivegateway.forecasting.model.PointModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A model ready to serve: the fitted point model, its conformal calibration and how it
 * was chosen. Immutable and thread-safe. It forecasts from any history at or after the
 * data it was trained on, so a model trained daily serves every step from the latest
 * usage.
 *
 * <p>
 * With a {@link RecentCalibration} the interval and quantiles come from the model's own
 * errors over the steps just before the origin ({@link ServingState}); the trained
 * {@code calibration} is then only the fallback for a history too short to calibrate
 * from. Without one (artifacts of the first release, candidates in a backtest) the
 * trained calibration is applied as it is.
 *
 * @param seriesName the series it was trained for
 * @param name model label: a kind id, {@code ensemble(a+b)} or {@code adaptive(a+b+...)}
 * @param model the fitted point model on the fitting scale
 * @param calibration per-horizon conformal quantiles from training
 * @param score the selection backtest score on held-out recent data
 * @param reason why this model is served (winner of the backtest, or too little history)
 * @param leader name of the leading series used as a regressor, or null
 * @param leaderLag steps by which the leader leads (0 without a leader)
 * @param dataEndEpochSecond end of the training data (start of the first step not seen)
 * @param stepSeconds step length of the training data
 * @param trainedAt wall-clock time of training (from the options' clock)
 * @param recent calibration at forecast time from recent errors, or null
 */
public record TrainedModel(String seriesName, String name, PointModel model, ConformalCalibration calibration,
		SelectionScore score, String reason, @Nullable String leader, int leaderLag, long dataEndEpochSecond,
		int stepSeconds, Instant trainedAt, @Nullable RecentCalibration recent) {

	public TrainedModel {
		Objects.requireNonNull(seriesName, "seriesName");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(calibration, "calibration");
		Objects.requireNonNull(score, "score");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(trainedAt, "trainedAt");
	}

	/** A model served with its trained calibration only. */
	public TrainedModel(String seriesName, String name, PointModel model, ConformalCalibration calibration,
			SelectionScore score, String reason, @Nullable String leader, int leaderLag, long dataEndEpochSecond,
			int stepSeconds, Instant trainedAt) {
		this(seriesName, name, model, calibration, score, reason, leader, leaderLag, dataEndEpochSecond, stepSeconds,
				trainedAt, null);
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
	public Forecast forecast(SeriesHistory recent, @Nullable SeriesHistory leaderHistory, int horizon) {
		return forecast(recent, leaderHistory, horizon, new double[0]);
	}

	/**
	 * As {@link #forecast(SeriesHistory, SeriesHistory, int)}, with the quantiles at
	 * {@code quantileLevels} (each in (0, 1)).
	 */
	public Forecast forecast(SeriesHistory recent, @Nullable SeriesHistory leaderHistory, int horizon,
			double[] quantileLevels) {
		ScaledSeries s = scaled(recent, leaderHistory);
		return forecastsFrom(s, s.length(), s.length() + 1, 1, horizon, quantileLevels).get(0);
	}

	/**
	 * What a forecast from the end of {@code recent} learns from the data before it (the
	 * members' weights, the recent errors, the cap), to be reused by
	 * {@link #forecast(SeriesHistory, SeriesHistory, int, double[], ServingState)} at the
	 * next origins.
	 */
	public ServingState prepare(SeriesHistory recent, @Nullable SeriesHistory leaderHistory, int horizon) {
		ScaledSeries s = scaled(recent, leaderHistory);
		int o = s.length();
		if (recent() == null) {
			return ForecastBands.state(this, s, o, horizon, null, o, null);
		}
		int first = firstRow(o, horizon);
		if (model instanceof AdaptiveEnsembleModel adaptive) {
			AdaptiveEnsembleModel.Combination c = adaptive.combine(s, first, o + 1, horizon);
			return ForecastBands.state(this, s, o, horizon, c.rows(), first, c.weights());
		}
		return ForecastBands.state(this, s, o, horizon, model.forecastEach(s, first, o + 1, horizon), first, null);
	}

	/**
	 * The forecast from the end of {@code recent} with a state prepared at that origin or
	 * an earlier one: the members' weights, the interval's error quantiles and the cap of
	 * the state, the members' points from the latest data.
	 */
	public Forecast forecast(SeriesHistory recent, @Nullable SeriesHistory leaderHistory, int horizon,
			double[] quantileLevels, ServingState state) {
		checkLevels(quantileLevels);
		ScaledSeries s = scaled(recent, leaderHistory);
		int o = s.length();
		double[] weights = state.weights();
		double[] z = weights != null && model instanceof AdaptiveEnsembleModel adaptive
				? adaptive.forecastWith(s, o, horizon, weights) : model.forecast(s, o, horizon);
		return ForecastBands.forecast(this, s, o, z, quantileLevels, state);
	}

	private ScaledSeries scaled(SeriesHistory recent, @Nullable SeriesHistory leaderHistory) {
		if (recent.stepSeconds() != stepSeconds) {
			throw new IllegalArgumentException(
					"history step " + recent.stepSeconds() + "s differs from the model's " + stepSeconds + "s");
		}
		if (leader != null && leaderHistory == null) {
			throw new IllegalArgumentException("model for " + seriesName + " needs the history of " + leader);
		}
		return ScaledSeries.of(recent, leader == null ? null : leaderHistory, calibration.scale());
	}

	/** The first origin whose errors calibrate a forecast from {@code origin}. */
	private int firstRow(int origin, int horizon) {
		return Math.min(origin, Math.max(model.firstOrigin(), origin - recent.window() - horizon));
	}

	private static void checkLevels(double[] quantileLevels) {
		for (double q : quantileLevels) {
			if (!(q > 0 && q < 1)) {
				throw new IllegalArgumentException("quantile levels must be in (0, 1), was " + q);
			}
		}
	}

	/**
	 * Forecast from origin {@code origin} of a scaled series, reading only data before it
	 * (used by backtests).
	 */
	public Forecast forecastFrom(ScaledSeries series, int origin, int horizon) {
		return forecastsFrom(series, origin, origin + 1, 1, horizon, new double[0]).get(0);
	}

	/**
	 * Forecasts from the origins {@code from, from + spacing, ...} below {@code to}, each
	 * reading only data before its origin and calibrated on the errors just before it,
	 * computed in one pass over the series.
	 */
	public List<Forecast> forecastsFrom(ScaledSeries series, int from, int to, int spacing, int horizon,
			double[] quantileLevels) {
		checkLevels(quantileLevels);
		int lastOrigin = from + (Math.max(1, to - from) - 1) / spacing * spacing;
		List<Forecast> out = new ArrayList<>();
		if (recent == null) {
			for (int o = from; o <= lastOrigin; o += spacing) {
				ServingState state = ForecastBands.state(this, series, o, horizon, null, o, null);
				out.add(ForecastBands.forecast(this, series, o, model.forecast(series, o, horizon), quantileLevels,
						state));
			}
			return out;
		}
		int first = firstRow(from, horizon);
		double[][] rows = model.forecastEach(series, first, lastOrigin + 1, horizon);
		for (int o = from; o <= lastOrigin; o += spacing) {
			ServingState state = ForecastBands.state(this, series, o, horizon, rows, first, null);
			out.add(ForecastBands.forecast(this, series, o, rows[o - first], quantileLevels, state));
		}
		return out;
	}

}
