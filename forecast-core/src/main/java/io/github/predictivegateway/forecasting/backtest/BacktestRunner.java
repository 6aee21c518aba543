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
		SelectionResult current = null;
		int lastTrain = Integer.MIN_VALUE;
		int retrains = 0;
		for (int o : region.origins()) {
			if (current == null || o - lastTrain >= region.season()) {
				long t0 = System.nanoTime();
				current = ForecastTrainer.trainAt(series.name(), scaled, o, leader == null ? null : leader.name(), lag,
						options);
				fitTotals.merge(SERVED, (System.nanoTime() - t0) / 1e6, Double::sum);
				current.fitMillis().forEach((k, v) -> fitTotals.merge(k, v, Double::sum));
				lastTrain = o;
				retrains++;
				served.add(current.served().name());
			}
			addRows(byModel.get(SERVED), series.name(), SERVED, current.served(), scaled, y, o, horizon);
			for (TrainedModel m : current.candidates()) {
				addRows(byModel.computeIfAbsent(m.name(), k -> new ArrayList<>()), series.name(), m.name(), m, scaled,
						y, o, horizon);
			}
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
			double[] y, int origin, int horizon) {
		Forecast f = m.forecastFrom(scaled, origin, horizon);
		double[] mean = f.mean();
		double[] lower = f.lower();
		double[] upper = f.upper();
		for (int h = 1; h <= horizon; h++) {
			out.add(new ForecastRow(series, model, origin, h, y[origin + h - 1], mean[h - 1], lower[h - 1],
					upper[h - 1]));
		}
	}

}
