package io.github.predictivegateway.forecasting.backtest;

import java.util.List;

/**
 * Accuracy of a set of forecast points under the backtest protocol ({@code score} in
 * {@code score_forecasts.py}).
 *
 * <ul>
 * <li>{@code MASE = mean|a - m| / scale};</li>
 * <li>{@code coverage = share of points with lower <= a <= upper};</li>
 * <li>Winkler interval score at {@code alpha = 0.05}:
 * {@code (u - l) + (2/alpha)(l - a)[a < l]
 *       + (2/alpha)(a - u)[a > u]}, averaged and divided by the same scale as MASE.</li>
 * </ul>
 *
 * @param points number of points scored
 * @param mase mean absolute scaled error
 * @param coverage share of actuals inside the interval
 * @param intervalScore scaled mean Winkler score
 * @param smape symmetric mean absolute percentage error, in [0, 2]
 * @param meanWidth mean of {@code upper - lower}
 * @param quantile95Coverage share of actuals at or below the 0.95 quantile (NaN when the
 * rows carry no quantiles)
 */
public record ForecastMetrics(int points, double mase, double coverage, double intervalScore, double smape,
		double meanWidth, double quantile95Coverage) {

	/** Miss penalty level of the Winkler score. */
	public static final double ALPHA = 0.05;

	/** Scores rows against their own {@code actual} values with the given MASE scale. */
	public static ForecastMetrics of(List<ForecastRow> rows, double scale) {
		double ae = 0;
		double covered = 0;
		double winkler = 0;
		double smape = 0;
		double width = 0;
		int below95 = 0;
		int withQuantiles = 0;
		for (ForecastRow r : rows) {
			if (!Double.isNaN(r.quantile95())) {
				withQuantiles++;
				below95 += r.actual() <= r.quantile95() ? 1 : 0;
			}
			double a = r.actual();
			ae += Math.abs(a - r.mean());
			if (r.lower() <= a && a <= r.upper()) {
				covered++;
			}
			winkler += winkler(a, r.lower(), r.upper());
			double denom = Math.abs(a) + Math.abs(r.mean());
			smape += denom == 0 ? 0 : 2 * Math.abs(a - r.mean()) / denom;
			width += r.upper() - r.lower();
		}
		int n = rows.size();
		return new ForecastMetrics(n, ae / n / scale, covered / n, winkler / n / scale, smape / n, width / n,
				withQuantiles == 0 ? Double.NaN : (double) below95 / withQuantiles);
	}

	/**
	 * Winkler score of one interval {@code [lower, upper]} for actual {@code a} at
	 * {@link #ALPHA}.
	 */
	public static double winkler(double a, double lower, double upper) {
		double w = upper - lower;
		if (a < lower) {
			w += 2 / ALPHA * (lower - a);
		}
		if (a > upper) {
			w += 2 / ALPHA * (a - upper);
		}
		return w;
	}
}
