package io.github.predictivegateway.forecasting.backtest;

import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Scores an already trained model on data it has not seen, with the protocol's metrics:
 * forecasts {@code 1..horizon} steps from every {@code spacing}-th origin in
 * {@code [from, n - horizon]}, MASE and interval score divided by the one-day seasonal
 * naive error over the (up to) 28 days before {@code from}. This is what a promotion rule
 * such as "a new version goes live only if it is not worse than the live one on the same
 * recent data" needs.
 */
public final class ModelEvaluator {

	private ModelEvaluator() {
	}

	/**
	 * Scores {@code model} on {@code history} from step {@code from} on.
	 * @param leader the leading series' history when the model uses one, else null
	 */
	public static ForecastMetrics evaluate(TrainedModel model, SeriesHistory history, SeriesHistory leader, int from,
			int horizon, int spacing) {
		int season = history.season();
		if (from < season + 1 || from + horizon > history.length() || spacing < 1) {
			throw new IllegalArgumentException("need a day of history before 'from' and a full horizon after it");
		}
		ScaledSeries s = ScaledSeries.of(history, model.leader() == null ? null : leader, model.calibration().scale());
		int lo = Math.max(season, from - 28 * season);
		double scale = 0;
		for (int t = lo; t < from; t++) {
			scale += Math.abs(history.value(t) - history.value(t - season));
		}
		scale /= from - lo;
		List<ForecastRow> rows = new ArrayList<>();
		int to = history.length() - horizon + 1;
		List<Forecast> forecasts = to > from ? model.forecastsFrom(s, from, to, spacing, horizon, new double[0])
				: List.of();
		for (int k = 0; k < forecasts.size(); k++) {
			int o = from + k * spacing;
			forecasts.get(k)
				.forEachStep((h, mean, lower, upper, quantiles) -> rows.add(new ForecastRow(history.name(),
						model.name(), o, h, history.value(o + h - 1), mean, lower, upper, quantiles)));
		}
		return ForecastMetrics.of(rows, scale);
	}

}
