package io.github.predictivegateway.forecasting.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference forecast of the protocol, identical to {@code snaive} in
 * {@code score_forecasts.py}: seasonal naive {@code mean = y[t - s]} with an empirical
 * band from its own errors over the last 7 days before the origin.
 *
 * <p>
 * With errors {@code e_t = y[t] - y[t - s]} for {@code t} in {@code [max(s, o - 7 s), o)}
 * sorted ascending ({@code n} of them), {@code q_lo = e[floor(0.025 (n - 1))]},
 * {@code q_hi = e[floor(0.975 (n - 1))]}, and the band is
 * {@code [max(0, mean + q_lo), mean + q_hi]}. It is not a calibrated interval; it is the
 * bar to beat.
 */
public final class SeasonalNaiveReference {

	/** Model name of the reference rows. */
	public static final String MODEL = "snaive";

	private SeasonalNaiveReference() {
	}

	/** Rows for every origin of the region and every horizon {@code 1..horizon}. */
	public static List<ForecastRow> rows(String series, double[] y, BacktestRegion region, int horizon) {
		int season = region.season();
		List<ForecastRow> out = new ArrayList<>();
		for (int o : region.origins()) {
			int from = Math.max(season, o - 7 * season);
			double[] errs = new double[Math.max(0, o - from)];
			for (int t = from; t < o; t++) {
				errs[t - from] = y[t] - y[t - season];
			}
			Arrays.sort(errs);
			double loQ = errs[(int) (0.025 * (errs.length - 1))];
			double hiQ = errs[(int) (0.975 * (errs.length - 1))];
			for (int h = 1; h <= horizon; h++) {
				double m = y[o + h - 1 - season];
				out.add(new ForecastRow(series, MODEL, o, h, y[o + h - 1], m, Math.max(0.0, m + loQ), m + hiQ));
			}
		}
		return out;
	}

}
