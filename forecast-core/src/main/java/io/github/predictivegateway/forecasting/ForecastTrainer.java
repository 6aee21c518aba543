package io.github.predictivegateway.forecasting;

import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.selection.ModelSelector;
import io.github.predictivegateway.forecasting.selection.SelectionResult;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Entry point for training: fits the candidate models of one series, selects the one (or
 * the ensemble) that wins a rolling-origin backtest on its most recent data, and
 * calibrates its intervals. Stateless and thread-safe; train many series in parallel by
 * calling it from several threads.
 */
public final class ForecastTrainer {

	private ForecastTrainer() {
	}

	/** Trains on the whole history. */
	public static TrainedModel train(SeriesHistory history, TrainingOptions options) {
		return trainAll(history, null, 0, options).served();
	}

	/**
	 * Trains with a leading series (another resource type of the same tenant that leads
	 * this one by {@code lag} steps); the lagged-regressor model is served only when it
	 * wins the backtest.
	 */
	public static TrainedModel train(SeriesHistory history, SeriesHistory leader, int lag, TrainingOptions options) {
		return trainAll(history, leader, lag, options).served();
	}

	/**
	 * Trains and returns every candidate with the served one (for reports and backtests).
	 */
	public static SelectionResult trainAll(SeriesHistory history, SeriesHistory leader, int lag,
			TrainingOptions options) {
		ScaledSeries s = ScaledSeries.of(history, leader, options.scale());
		return trainAt(history.name(), s, s.length(), leader == null ? null : leader.name(), lag, options);
	}

	/**
	 * Trains on {@code series[0..end)} only; the backtest calls this at each simulated
	 * daily retrain.
	 */
	public static SelectionResult trainAt(String name, ScaledSeries series, int end, String leaderName, int lag,
			TrainingOptions options) {
		return new ModelSelector(options).select(name, series, end, leaderName, lag);
	}

}
