package io.github.predictivegateway.forecasting.backtest;

import java.util.List;
import java.util.Map;

/**
 * The backtest of one series.
 *
 * @param series series name
 * @param region test region and MASE scale
 * @param metrics per model name ({@code snaive}, {@code served}, each candidate), in
 * report order
 * @param fitMillis mean wall time per daily retrain, per model name ({@code served} = the
 * whole selection)
 * @param servedModels the model served after each retrain, in order
 * @param rows every forecast row, for the rows CSV
 */
public record SeriesBacktest(String series, BacktestRegion region, Map<String, ForecastMetrics> metrics,
		Map<String, Double> fitMillis, List<String> servedModels, List<ForecastRow> rows) {
}
