package io.github.predictivegateway.forecasting.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Daily and weekly seasonal profiles with a smoothed level, MSTL-style, on the fitting
 * scale: <pre>
 *   z_t    = l_t + d[day phase of t] + w[week phase of t] + e_t
 *   T_t    = mean of z over the day (the week, with a weekly profile) centred on t, clipped at the window's edges
 *   d[p]   = mean of (z_t - T_t) over the steps of day phase p, centred to sum 0
 *   w[q]   = n_q / (n_q + 1) * mean of (z_t - T_t - d[p(t)]) over the steps of week phase q
 *   l_o    = simple exponential smoothing, with smoothing a, of z_t - d - w over the day before o
 *   zhat_{o+h-1} = l_o + d[p(o+h-1)] + w[q(o+h-1)]
 * </pre> The weekly profile is estimated only from at least two full weeks of data
 * ({@code n_q >= 2}); with less it is zero and the model is daily only. Phases are those
 * of absolute time (UTC), so a burst on weekday mornings only, which a daily season
 * smears over all seven days, is kept on weekdays. The shrinkage {@code n_q / (n_q + 1)}
 * damps the noise of a profile estimated from few weeks. The smoothing {@code a} is the
 * grid value with the least squared error over horizons {@code 1..H} on the fit window.
 * The level is re-estimated at forecast time from the day before the first origin (at
 * least 288 steps), so a model fit daily follows the latest level.
 */
public final class SeasonalProfileModel implements OnePassModel {

	private static final double[] ALPHAS = { 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0 };

	private static final int MIN_LEVEL_STEPS = 288;

	private final int season;

	private final double alpha;

	private final double[] daily;

	private final double[] weekly;

	SeasonalProfileModel(int season, double alpha, double[] daily, double[] weekly) {
		this.season = season;
		this.alpha = alpha;
		this.daily = daily;
		this.weekly = weekly;
	}

	/**
	 * Fits on {@code z[from..end)} (needs two days), choosing the level's smoothing for
	 * forecasts {@code 1..horizon} steps ahead.
	 */
	public static SeasonalProfileModel fit(ScaledSeries s, int from, int end, int horizon) {
		int season = s.season();
		int n = end - from;
		if (n < 2 * season) {
			throw new IllegalArgumentException("the seasonal profile model needs two days of data");
		}
		boolean weeks = n >= 14 * season;
		double[] detrended = detrended(s, from, end, weeks ? 7 * season : season);
		double[] daily = new double[season];
		int[] count = new int[season];
		for (int t = from; t < end; t++) {
			int p = phase(s, t, season);
			daily[p] += detrended[t - from];
			count[p]++;
		}
		double mean = 0;
		for (int p = 0; p < season; p++) {
			daily[p] = count[p] == 0 ? 0 : daily[p] / count[p];
			mean += daily[p];
		}
		mean /= season;
		for (int p = 0; p < season; p++) {
			daily[p] -= mean;
		}
		double[] weekly = weeks ? weekly(s, from, end, season, detrended, daily) : new double[0];
		SeasonalProfileModel shape = new SeasonalProfileModel(season, 1.0, daily, weekly);
		double best = Double.POSITIVE_INFINITY;
		double bestAlpha = ALPHAS[0];
		double[] r = shape.deseasonalised(s, from, end);
		for (double a : ALPHAS) {
			double sse = multiStepError(r, a, Math.max(1, horizon), season);
			if (sse < best) {
				best = sse;
				bestAlpha = a;
			}
		}
		return new SeasonalProfileModel(season, bestAlpha, daily, weekly);
	}

	/** Restores a model from its artifact state. */
	public static SeasonalProfileModel fromState(ModelState state) {
		int season = state.integer("season", 1, 1_000_000);
		double alpha = state.scalar("alpha");
		if (!(alpha > 0 && alpha <= 1)) {
			throw new IllegalArgumentException("mstl: alpha must be in (0, 1]");
		}
		double[] weekly = state.require("weekly", -1);
		if (weekly.length != 0 && weekly.length != 7 * season) {
			throw new IllegalArgumentException("mstl: weekly profile must be empty or 7 seasons long");
		}
		return new SeasonalProfileModel(season, alpha, state.require("daily", season), weekly);
	}

	private static double[] detrended(ScaledSeries s, int from, int end, int span) {
		int n = end - from;
		double[] prefix = new double[n + 1];
		for (int i = 0; i < n; i++) {
			prefix[i + 1] = prefix[i] + s.z(from + i);
		}
		double[] out = new double[n];
		int half = span / 2;
		for (int i = 0; i < n; i++) {
			int lo = Math.max(0, Math.min(i - half, n - span));
			int hi = Math.min(n, lo + span);
			out[i] = s.z(from + i) - (prefix[hi] - prefix[lo]) / (hi - lo);
		}
		return out;
	}

	private static double[] weekly(ScaledSeries s, int from, int end, int season, double[] detrended, double[] daily) {
		int week = 7 * season;
		double[] sum = new double[week];
		int[] count = new int[week];
		for (int t = from; t < end; t++) {
			int q = weekPhase(s, t, week);
			sum[q] += detrended[t - from] - daily[phase(s, t, season)];
			count[q]++;
		}
		double[] w = new double[week];
		for (int q = 0; q < week; q++) {
			w[q] = count[q] == 0 ? 0 : sum[q] / (count[q] + 1);
		}
		return w;
	}

	/**
	 * Sum over origins of the squared errors of the flat level forecast at horizons
	 * {@code 1..H}, after a one-day burn-in.
	 */
	private static double multiStepError(double[] r, double a, int horizon, int burnIn) {
		double level = r[0];
		double sse = 0;
		for (int t = 1; t < r.length; t++) {
			level = a * r[t - 1] + (1 - a) * level;
			if (t < burnIn) {
				continue;
			}
			for (int h = 0; h < horizon && t + h < r.length; h++) {
				double e = r[t + h] - level;
				sse += e * e;
			}
		}
		return sse;
	}

	private static int phase(ScaledSeries s, int t, int season) {
		return (int) Math.floorMod(Math.floorDiv(s.epochSecondOf(t), s.stepSeconds()), (long) season);
	}

	private static int weekPhase(ScaledSeries s, int t, int week) {
		return (int) Math.floorMod(Math.floorDiv(s.epochSecondOf(t), s.stepSeconds()), (long) week);
	}

	/** Seasonal part (daily plus weekly) at step {@code t}. */
	private double seasonal(ScaledSeries s, int t) {
		double v = this.daily[phase(s, t, this.season)];
		return this.weekly.length == 0 ? v : v + this.weekly[weekPhase(s, t, this.weekly.length)];
	}

	private double[] deseasonalised(ScaledSeries s, int from, int end) {
		double[] r = new double[end - from];
		for (int t = from; t < end; t++) {
			r[t - from] = s.z(t) - seasonal(s, t);
		}
		return r;
	}

	/** True when the model carries a weekly profile. */
	public boolean weeklyProfile() {
		return this.weekly.length > 0;
	}

	@Override
	public ModelKind kind() {
		return ModelKind.SEASONAL_PROFILE;
	}

	/**
	 * The level is smoothed in one pass from (at least) a day before {@code from}, so
	 * every row costs {@code O(horizon)}.
	 */
	@Override
	public double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		double[][] out = new double[Math.max(0, to - from)][];
		int start = Math.max(0, from - Math.max(MIN_LEVEL_STEPS, this.season));
		double level = from > start ? series.z(start) - seasonal(series, start) : 0;
		for (int t = start + 1; t < from; t++) {
			level = this.alpha * (series.z(t) - seasonal(series, t)) + (1 - this.alpha) * level;
		}
		for (int o = from; o < to; o++) {
			if (o > from) {
				level = this.alpha * (series.z(o - 1) - seasonal(series, o - 1)) + (1 - this.alpha) * level;
			}
			double[] f = new double[horizon];
			for (int h = 0; h < horizon; h++) {
				f[h] = level + seasonal(series, o + h);
			}
			out[o - from] = f;
		}
		return out;
	}

	@Override
	public ModelState state() {
		Map<String, double[]> m = new LinkedHashMap<>();
		m.put("season", new double[] { this.season });
		m.put("alpha", new double[] { this.alpha });
		m.put("daily", this.daily.clone());
		m.put("weekly", this.weekly.clone());
		return new ModelState(kind(), m);
	}

}
