package io.github.predictivegateway.forecasting.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Additive Holt-Winters with a damped trend and a daily season of {@code s} steps, on the
 * fitting scale: <pre>
 *   zhat_t     = l + phi b + c[t mod s]                         (one step ahead)
 *   l'         = alpha (z_t - c[t mod s]) + (1 - alpha)(l + phi b)
 *   b'         = beta (l' - l) + (1 - beta) phi b
 *   c[t mod s] = gamma (z_t - l') + (1 - gamma) c[t mod s]
 *   zhat_{t+h} = l + (phi + phi^2 + ... + phi^h) b + c[(t + h) mod s]
 * </pre> The season index is the step's phase of the UTC day, so the state applies to any
 * later data. The smoothing parameters come from a small grid minimising the one-step
 * squared error on the fit window (after a one-day burn-in); initial season is the mean
 * per phase over the first week minus its overall mean.
 */
public final class HoltWintersModel implements OnePassModel {

	private static final double[] ALPHAS = { 0.05, 0.15, 0.3, 0.5 };

	private static final double[] BETAS = { 0.0, 0.02 };

	private static final double[] GAMMAS = { 0.02, 0.1, 0.25 };

	private static final double[] PHIS = { 0.9, 0.98 };

	private final double alpha;

	private final double beta;

	private final double gamma;

	private final double phi;

	private final long stateEpochSecond;

	private final double level;

	private final double trend;

	private final double[] seasonal;

	private HoltWintersModel(double alpha, double beta, double gamma, double phi, long stateEpochSecond, double level,
			double trend, double[] seasonal) {
		this.alpha = alpha;
		this.beta = beta;
		this.gamma = gamma;
		this.phi = phi;
		this.stateEpochSecond = stateEpochSecond;
		this.level = level;
		this.trend = trend;
		this.seasonal = seasonal;
	}

	/** Fits on {@code z[from..end)} (needs at least two seasons). */
	public static HoltWintersModel fit(ScaledSeries s, int from, int end) {
		int season = s.season();
		if (end - from < 2 * season) {
			throw new IllegalArgumentException("Holt-Winters needs two seasons of data");
		}
		int initDays = Math.max(1, Math.min(7, (end - from) / season - 1));
		double[] c0 = new double[season];
		double mean = 0;
		for (int t = from; t < from + initDays * season; t++) {
			c0[phase(s, t, season)] += s.z(t) / initDays;
			mean += s.z(t);
		}
		mean /= initDays * season;
		for (int i = 0; i < season; i++) {
			c0[i] -= mean;
		}
		double best = Double.POSITIVE_INFINITY;
		Filter bestRun = null;
		double[] bestParams = null;
		for (double a : ALPHAS) {
			for (double b : BETAS) {
				for (double g : GAMMAS) {
					for (double p : PHIS) {
						Filter f = new Filter(a, b, g, p, mean, 0.0, c0.clone());
						double sse = f.run(s, from, end, season, from + season);
						if (sse < best) {
							best = sse;
							bestRun = f;
							bestParams = new double[] { a, b, g, p };
						}
					}
				}
			}
		}
		return new HoltWintersModel(bestParams[0], bestParams[1], bestParams[2], bestParams[3], s.epochSecondOf(end),
				bestRun.level, bestRun.trend, bestRun.seasonal);
	}

	/** Restores a model from its artifact state. */
	public static HoltWintersModel fromState(ModelState state) {
		double[] p = state.require("smoothing", 4);
		for (double v : p) {
			if (v < 0 || v > 1) {
				throw new IllegalArgumentException("holt-winters: smoothing parameters must be in [0, 1]");
			}
		}
		double[] st = state.require("state", 3);
		double[] c = state.require("seasonal", -1);
		if (c.length < 1) {
			throw new IllegalArgumentException("holt-winters: empty seasonal state");
		}
		return new HoltWintersModel(p[0], p[1], p[2], p[3], (long) st[0], st[1], st[2], c);
	}

	private static int phase(ScaledSeries s, int t, int season) {
		return (int) Math.floorMod(Math.floorDiv(s.epochSecondOf(t), s.stepSeconds()), (long) season);
	}

	@Override
	public ModelKind kind() {
		return ModelKind.HOLT_WINTERS;
	}

	/**
	 * Filters the stored state forward over {@code z[stateIndex..to-1)} and forecasts
	 * from each origin. When the data start after (or end before) the state's time, the
	 * filter restarts from the stored state over the last week before {@code from}, an
	 * approximation that keeps the learnt season.
	 */
	@Override
	public double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		int season = seasonal.length;
		long idx = Math.floorDiv(stateEpochSecond - series.startEpochSecond(), (long) series.stepSeconds());
		int start = idx >= 0 && idx <= from ? (int) idx : Math.max(0, from - 7 * season);
		Filter f = new Filter(alpha, beta, gamma, phi, level, trend, seasonal.clone());
		f.run(series, start, from, season, Integer.MAX_VALUE);
		double[][] out = new double[Math.max(0, to - from)][];
		for (int o = from; o < to; o++) {
			if (o > from) {
				f.step(series, o - 1, season);
			}
			double[] fc = new double[horizon];
			double damp = 0;
			double pk = 1;
			for (int h = 1; h <= horizon; h++) {
				pk *= phi;
				damp += pk;
				fc[h - 1] = f.level + damp * f.trend + f.seasonal[phase(series, o + h - 1, season)];
			}
			out[o - from] = fc;
		}
		return out;
	}

	@Override
	public ModelState state() {
		Map<String, double[]> m = new LinkedHashMap<>();
		m.put("smoothing", new double[] { alpha, beta, gamma, phi });
		m.put("state", new double[] { stateEpochSecond, level, trend });
		m.put("seasonal", seasonal.clone());
		return new ModelState(kind(), m);
	}

	/** The mutable recursion. */
	private static final class Filter {

		final double a;

		final double b;

		final double g;

		final double p;

		double level;

		double trend;

		final double[] seasonal;

		Filter(double a, double b, double g, double p, double level, double trend, double[] seasonal) {
			this.a = a;
			this.b = b;
			this.g = g;
			this.p = p;
			this.level = level;
			this.trend = trend;
			this.seasonal = seasonal;
		}

		/**
		 * Runs over {@code [from, to)}, returning the one-step SSE from
		 * {@code scoreFrom}.
		 */
		double run(ScaledSeries s, int from, int to, int season, int scoreFrom) {
			double sse = 0;
			for (int t = from; t < to; t++) {
				double e = step(s, t, season);
				if (t >= scoreFrom) {
					sse += e * e;
				}
			}
			return sse;
		}

		double step(ScaledSeries s, int t, int season) {
			int ph = phase(s, t, season);
			double z = s.z(t);
			double c = seasonal[ph];
			double damped = p * trend;
			double err = z - (level + damped + c);
			double newLevel = a * (z - c) + (1 - a) * (level + damped);
			trend = b * (newLevel - level) + (1 - b) * damped;
			level = newLevel;
			seasonal[ph] = g * (z - newLevel) + (1 - g) * c;
			return err;
		}

	}

}
