package io.github.predictivegateway.forecasting.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Harmonic regression with AR errors (the Prophet/regression-with-ARIMA-errors family) on
 * the fitting scale: <pre>
 *   z_t = x(t) . beta + r_t,          x(t) = Fourier time-of-day and day-of-week terms ({@link FourierFeatures})
 *   r_t = sum_{i=1..p} phi_i r_{t-i} + e_t
 * </pre> {@code beta} by least squares on the fit window, then {@code phi} by least
 * squares on its residuals. The forecast is {@code x(t+h) . beta + rhat_{t+h}} with
 * {@code rhat} the AR recursion from the last {@code p} residuals, which is how the most
 * recent level enters: a busy hour stays busy for the next steps, decaying to the
 * seasonal profile.
 */
public final class HarmonicArModel implements OnePassModel {

	private static final double RIDGE = 1e-8;

	private final FourierFeatures features;

	private final double[] beta;

	private final double[] phi;

	HarmonicArModel(FourierFeatures features, double[] beta, double[] phi) {
		this.features = features;
		this.beta = beta;
		this.phi = phi;
	}

	/**
	 * Fits on {@code z[from..end)}.
	 * @param dailyHarmonics time-of-day harmonics {@code K_d}
	 * @param weeklyHarmonics day-of-week harmonics {@code K_w} (0 when the window is
	 * shorter than two weeks is wise)
	 * @param arOrder AR order {@code p}
	 */
	public static HarmonicArModel fit(ScaledSeries s, int from, int end, int dailyHarmonics, int weeklyHarmonics,
			int arOrder) {
		FourierFeatures f = new FourierFeatures(dailyHarmonics, weeklyHarmonics);
		double[] beta = fitRegression(s, from, end, f);
		double[] r = residuals(s, from, end, f, beta);
		return new HarmonicArModel(f, beta, fitAr(r, arOrder));
	}

	/** Restores a model from its artifact state. */
	public static HarmonicArModel fromState(ModelState state) {
		int kd = state.integer("dailyHarmonics", 0, 1000);
		int kw = state.integer("weeklyHarmonics", 0, 6);
		FourierFeatures f = new FourierFeatures(kd, kw);
		return new HarmonicArModel(f, state.require("beta", f.size()), state.require("phi", -1));
	}

	static double[] fitRegression(ScaledSeries s, int from, int end, FourierFeatures f) {
		LeastSquares ls = new LeastSquares(f.size());
		double[] x = new double[f.size()];
		for (int t = from; t < end; t++) {
			f.fill(s.epochSecondOf(t), x);
			ls.add(x, s.z(t));
		}
		return ls.solve(RIDGE);
	}

	static double[] residuals(ScaledSeries s, int from, int end, FourierFeatures f, double[] beta) {
		double[] x = new double[f.size()];
		double[] r = new double[Math.max(0, end - from)];
		for (int t = from; t < end; t++) {
			r[t - from] = s.z(t) - f.dot(s.epochSecondOf(t), beta, x);
		}
		return r;
	}

	/** Least-squares AR(p) without intercept: {@code r_t = sum phi_i r_{t-i}}. */
	static double[] fitAr(double[] r, int p) {
		if (p == 0 || r.length <= 2 * p) {
			return new double[p];
		}
		LeastSquares ls = new LeastSquares(p);
		double[] x = new double[p];
		for (int t = p; t < r.length; t++) {
			for (int i = 0; i < p; i++) {
				x[i] = r[t - 1 - i];
			}
			ls.add(x, r[t]);
		}
		return ls.solve(RIDGE);
	}

	@Override
	public ModelKind kind() {
		return ModelKind.HARMONIC_AR;
	}

	/**
	 * One pass: the regression part is computed once per step (not once per origin and
	 * horizon), then each origin runs the AR recursion from its last {@code p} residuals.
	 */
	@Override
	public double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		int p = phi.length;
		int lo = Math.max(0, from - p);
		int hi = Math.max(lo, to - 1 + horizon);
		double[] x = new double[features.size()];
		double[] seasonal = new double[hi - lo];
		for (int t = lo; t < hi; t++) {
			seasonal[t - lo] = features.dot(series.epochSecondOf(t), beta, x);
		}
		double[] r = new double[Math.max(0, to - 1 - lo)];
		for (int t = lo; t < to - 1; t++) {
			r[t - lo] = series.z(t) - seasonal[t - lo];
		}
		double[][] out = new double[Math.max(0, to - from)][];
		double[] buf = new double[p + horizon];
		for (int o = from; o < to; o++) {
			// buf[0..p) holds r_{o-p..o-1} (0 before the series starts), then the
			// recursion fills the horizon.
			for (int i = 0; i < p; i++) {
				int t = o - p + i;
				buf[i] = t >= lo ? r[t - lo] : 0.0;
			}
			double[] f = new double[horizon];
			for (int h = 0; h < horizon; h++) {
				double v = 0;
				for (int i = 0; i < p; i++) {
					v += phi[i] * buf[p + h - 1 - i];
				}
				buf[p + h] = v;
				f[h] = seasonal[o + h - lo] + v;
			}
			out[o - from] = f;
		}
		return out;
	}

	@Override
	public ModelState state() {
		return new ModelState(kind(), regressionState(this.features, this.beta, this.phi));
	}

	/**
	 * The state of a harmonic regression with AR errors, in artifact order; the lagged
	 * model adds its leader's parameters after it.
	 */
	static Map<String, double[]> regressionState(FourierFeatures features, double[] beta, double[] phi) {
		Map<String, double[]> m = new LinkedHashMap<>();
		m.put("dailyHarmonics", new double[] { features.dailyHarmonics() });
		m.put("weeklyHarmonics", new double[] { features.weeklyHarmonics() });
		m.put("beta", beta.clone());
		m.put("phi", phi.clone());
		return m;
	}

}
