package io.github.predictivegateway.forecasting.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.selection.SelectionResult;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Runs the forecast backtest protocol (EVALUATION.md) on one series: walks the origins of
 * the test region, retrains (with model selection) at the first origin and then whenever
 * a simulated day has passed since the last retrain, forecasts {@code 1..horizon} steps
 * from every origin with every candidate and with the served model
 * ({@code model=served}), adds the {@link SeasonalNaiveReference} rows, and scores
 * everything with {@link ForecastMetrics}. Training only ever sees data before the
 * origin.
 */
public final class BacktestRunner {

	/** Model name of the rows of the model that would have been served. */
	public static final String SERVED = "served";

	private final TrainingOptions options;

	public BacktestRunner(TrainingOptions options) {
		this.options = options.toBuilder().refitAllCandidates(true).build();
	}

	/** Backtests a series on its own. */
	public SeriesBacktest run(SeriesHistory series) {
		return run(series, null, 0);
	}

	/**
	 * Backtests a series with a leading series offered as a lagged regressor (null for
	 * none).
	 */
	public SeriesBacktest run(SeriesHistory series, SeriesHistory leader, int lag) {
		int horizon = options.horizon();
		double[] y = series.values();
		BacktestRegion region = BacktestRegion.of(y, series.stepSeconds(), horizon);
		ScaledSeries scaled = ScaledSeries.of(series, leader, options.scale());
		Map<String, List<ForecastRow>> byModel = new LinkedHashMap<>();
		byModel.put(SeasonalNaiveReference.MODEL, SeasonalNaiveReference.rows(series.name(), y, region, horizon));
		byModel.put(SERVED, new ArrayList<>());
		Map<String, Double> fitTotals = new LinkedHashMap<>();
		List<String> served = new ArrayList<>();
		int[] origins = region.origins();
		int retrains = 0;
		int i = 0;
		while (i < origins.length) {
			// a retrain at this origin serves every origin of the next simulated day
			int o = origins[i];
			int j = i;
			while (j < origins.length && origins[j] - o < region.season()) {
				j++;
			}
			long t0 = System.nanoTime();
			SelectionResult current = ForecastTrainer.trainAt(series.name(), scaled, o,
					leader == null ? null : leader.name(), lag, options);
			fitTotals.merge(SERVED, (System.nanoTime() - t0) / 1e6, Double::sum);
			current.fitMillis().forEach((k, v) -> fitTotals.merge(k, v, Double::sum));
			retrains++;
			served.add(current.served().name());
			int to = origins[j - 1] + 1;
			addRows(byModel.get(SERVED), series.name(), SERVED, current.served(), scaled, y, o, to, horizon,
					ForecastRow.QUANTILE_LEVELS);
			for (TrainedModel m : current.candidates()) {
				if (m != current.served()) {
					addRows(byModel.computeIfAbsent(m.name(), k -> new ArrayList<>()), series.name(), m.name(), m,
							scaled, y, o, to, horizon, new double[0]);
				}
			}
			i = j;
		}
		Map<String, ForecastMetrics> metrics = new LinkedHashMap<>();
		List<ForecastRow> all = new ArrayList<>();
		for (Map.Entry<String, List<ForecastRow>> e : byModel.entrySet()) {
			metrics.put(e.getKey(), ForecastMetrics.of(e.getValue(), region.scale()));
			all.addAll(e.getValue());
		}
		Map<String, Double> fitMillis = new LinkedHashMap<>();
		int n = Math.max(1, retrains);
		fitTotals.forEach((k, v) -> fitMillis.put(k, v / n));
		return new SeriesBacktest(series.name(), region, metrics, fitMillis, served, all);
	}

	private static void addRows(List<ForecastRow> out, String series, String model, TrainedModel m, ScaledSeries scaled,
			double[] y, int from, int to, int horizon, double[] levels) {
		int spacing = BacktestRegion.ORIGIN_SPACING;
		List<Forecast> forecasts = m.forecastsFrom(scaled, from, to, spacing, horizon, levels);
		for (int k = 0; k < forecasts.size(); k++) {
			int origin = from + k * spacing;
			forecasts.get(k)
				.forEachStep((h, mean, lower, upper, quantiles) -> out
					.add(new ForecastRow(series, model, origin, h, y[origin + h - 1], mean, lower, upper, quantiles)));
		}
	}

}
