package io.github.predictivegateway.forecasting.model;

import java.util.Map;

/**
 * {@link HarmonicArModel} with a lagged regressor: another series {@code x} (e.g. the
 * same tenant's {@code db} usage) that leads this one by {@code k} steps. Both series get
 * their own harmonic regression; with {@code u_t} the leader's residual, <pre>
 *   r_t = sum_{i=1..p} phi_i r_{t-i} + theta u_{t-k} + e_t         (ARX, least squares)
 *   u_t = sum_{i=1..p} psi_i u_{t-i} + v_t                         (the leader's own AR, for h > k)
 * </pre> For {@code h <= k} the regressor is already observed; beyond, the leader's AR
 * forecast stands in for it. Unknown leader values count as a zero residual.
 */
public final class LaggedHarmonicArModel implements PointModel {

	private static final double RIDGE = 1e-8;

	private final FourierFeatures features;

	private final double[] beta;

	private final double[] phi;

	private final double[] leaderBeta;

	private final double[] leaderPhi;

	private final int lag;

	private final double theta;

	private LaggedHarmonicArModel(FourierFeatures features, double[] beta, double[] phi, double[] leaderBeta,
			double[] leaderPhi, int lag, double theta) {
		this.features = features;
		this.beta = beta;
		this.phi = phi;
		this.leaderBeta = leaderBeta;
		this.leaderPhi = leaderPhi;
		this.lag = lag;
		this.theta = theta;
	}

	/** Fits on {@code z[from..end)}; the series must carry a leader. */
	public static LaggedHarmonicArModel fit(ScaledSeries s, int from, int end, int dailyHarmonics, int weeklyHarmonics,
			int arOrder, int lag) {
		if (!s.hasLeader()) {
			throw new IllegalArgumentException("a lagged-regressor model needs a leading series");
		}
		if (lag < 1) {
			throw new IllegalArgumentException("lag must be >= 1, was " + lag);
		}
		FourierFeatures f = new FourierFeatures(dailyHarmonics, weeklyHarmonics);
		ScaledSeries leader = s.leaderSeries();
		double[] beta = HarmonicArModel.fitRegression(s, from, end, f);
		double[] lBeta = HarmonicArModel.fitRegression(leader, from, end, f);
		double[] r = HarmonicArModel.residuals(s, from, end, f, beta);
		double[] u = HarmonicArModel.residuals(leader, from, end, f, lBeta);
		double[] lPhi = HarmonicArModel.fitAr(u, arOrder);
		int p = arOrder;
		LeastSquares ls = new LeastSquares(p + 1);
		double[] x = new double[p + 1];
		for (int t = Math.max(p, lag); t < r.length; t++) {
			for (int i = 0; i < p; i++) {
				x[i] = r[t - 1 - i];
			}
			x[p] = u[t - lag];
			ls.add(x, r[t]);
		}
		double[] coef = ls.solve(RIDGE);
		double[] phi = java.util.Arrays.copyOf(coef, p);
		return new LaggedHarmonicArModel(f, beta, phi, lBeta, lPhi, lag, coef[p]);
	}

	/** Restores a model from its artifact state. */
	public static LaggedHarmonicArModel fromState(ModelState state) {
		FourierFeatures f = new FourierFeatures(state.integer("dailyHarmonics", 0, 1000),
				state.integer("weeklyHarmonics", 0, 6));
		double[] phi = state.require("phi", -1);
		return new LaggedHarmonicArModel(f, state.require("beta", f.size()), phi, state.require("leaderBeta", f.size()),
				state.require("leaderPhi", phi.length), state.integer("lag", 1, 100_000), state.scalar("theta"));
	}

	public int lag() {
		return lag;
	}

	@Override
	public ModelKind kind() {
		return ModelKind.LAGGED_HARMONIC_AR;
	}

	@Override
	public double[] forecast(ScaledSeries series, int origin, int horizon) {
		int p = phi.length;
		int back = Math.max(p, lag) + p;
		double[] x = new double[features.size()];
		// r[i], u[i] hold residuals of step origin - back + i, for i < back; then
		// forecasts.
		double[] r = new double[back + horizon];
		double[] u = new double[back + horizon];
		for (int i = 0; i < back; i++) {
			int t = origin - back + i;
			if (t < 0) {
				continue;
			}
			long e = series.epochSecondOf(t);
			r[i] = series.z(t) - features.dot(e, beta, x);
			double l = series.leader(t);
			u[i] = Double.isNaN(l) ? 0.0 : l - features.dot(e, leaderBeta, x);
		}
		double[] out = new double[horizon];
		for (int h = 0; h < horizon; h++) {
			int i = back + h;
			double uv = 0;
			for (int j = 0; j < p; j++) {
				uv += leaderPhi[j] * u[i - 1 - j];
			}
			u[i] = uv;
			double rv = theta * u[i - lag];
			for (int j = 0; j < p; j++) {
				rv += phi[j] * r[i - 1 - j];
			}
			r[i] = rv;
			out[h] = features.dot(series.epochSecondOf(origin + h), beta, x) + rv;
		}
		return out;
	}

	@Override
	public ModelState state() {
		Map<String, double[]> m = HarmonicArModel.regressionState(features, beta, phi);
		m.put("leaderBeta", leaderBeta.clone());
		m.put("leaderPhi", leaderPhi.clone());
		m.put("lag", new double[] { lag });
		m.put("theta", new double[] { theta });
		return new ModelState(kind(), m);
	}

}
