package io.github.predictivegateway.forecasting.selection;

import java.util.List;
import java.util.Map;

import io.github.predictivegateway.forecasting.TrainedModel;

/**
 * The outcome of training one series: the served model, every candidate evaluated (refit
 * on all data when the options ask for it, otherwise only the served one is in the list),
 * and the wall time spent per candidate (fit for the backtest plus its rolling forecasts,
 * plus the refit).
 */
public record SelectionResult(TrainedModel served, List<TrainedModel> candidates, Map<String, Double> fitMillis) {

	public SelectionResult {
		candidates = List.copyOf(candidates);
		fitMillis = Map.copyOf(fitMillis);
	}
}
