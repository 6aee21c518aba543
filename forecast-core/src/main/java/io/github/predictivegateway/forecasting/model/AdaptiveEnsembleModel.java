package io.github.predictivegateway.forecasting.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A combination whose weights follow the data: at every origin {@code o} each member's
 * recent error decides its weight, so the combination re-decides between retrainings when
 * the series changes character. Errors are taken on the fitting scale ({@code log1p} by
 * default: relative errors), so that one spike of a bursty series does not decide the
 * weights of the next two days, and no back-transform is paid per error.
 *
 * <p>
 * With window {@code L} and horizon {@code H}, member {@code m}'s recent error at origin
 * {@code o} is its mean absolute error over every forecast pair (origin {@code o'}, step
 * {@code h}) already observed at {@code o}: {@code o - L - H <= o'} and
 * {@code o' + h - 1 < o}, on the fitting scale, <pre>
 *   E_m(o)  = mean |z[o' + h - 1] - zhat_m(o', h)|
 *   w_m(o)  = E_m^-4 / sum_k E_k^-4   over the members with E_m <= (1 + margin) min_k E_k, 0 for the others
 *   zhat(o, h) = sum_m w_m(o) zhat_m(o, h)                                     (on the fitting scale)
 * </pre> Members within the margin of the best share by the inverse fourth power of their
 * error, which is close to picking the best when one is clearly better and to averaging
 * when they are alike; members far behind get nothing. Then the dominance test
 * ({@link ErrorProducts}): when the member of least squared error over the same pairs, on
 * the original scale, had a tenth less than the average of the weighted members and no
 * more on the fitting scale, it is served alone, so a member that is clearly the best
 * over the window is not diluted by others that only add their errors to its (averaging
 * is kept where it cancels errors). Before any pair is observed the weights are equal.
 * The window slides exactly, so a row depends on the data before its origin only through
 * the members' forecasts. A member that cannot forecast from the window's first origin
 * (seasonal naive with less than a day before it) takes no part.
 */
public final class AdaptiveEnsembleModel implements OnePassModel {

	private static final String DOMINANCE = "dominance";

	private final List<PointModel> members;

	private final int window;

	private final double margin;

	private final int firstOrigin;

	private final boolean dominance;

	/**
	 * @param members the candidates, each able to forecast from any origin at or after
	 * {@code firstOrigin}
	 * @param window {@code L}, origins of recent errors that decide the weights
	 * @param margin how far behind the best a member may be and still get weight
	 * @param firstOrigin earliest origin the combination forecasts from (at least the
	 * earliest of any member)
	 */
	public AdaptiveEnsembleModel(List<PointModel> members, int window, double margin, int firstOrigin) {
		this(members, window, margin, firstOrigin, true);
	}

	/**
	 * @param members the candidates, each able to forecast from any origin at or after
	 * {@code firstOrigin}
	 * @param window {@code L}, origins of recent errors that decide the weights
	 * @param margin how far behind the best a member may be and still get weight
	 * @param firstOrigin earliest origin the combination forecasts from (at least the
	 * earliest of any member)
	 * @param dominance whether the heaviest member is served alone when the mix would not
	 * have beaten it over the window ({@link ErrorProducts#dominate})
	 */
	public AdaptiveEnsembleModel(List<PointModel> members, int window, double margin, int firstOrigin,
			boolean dominance) {
		if (members.isEmpty()) {
			throw new IllegalArgumentException("an adaptive ensemble needs at least one member");
		}
		if (window < 1 || !(margin >= 0) || firstOrigin < 0) {
			throw new IllegalArgumentException("window must be >= 1, margin >= 0 and firstOrigin >= 0");
		}
		this.members = List.copyOf(members);
		this.window = window;
		this.margin = margin;
		this.firstOrigin = Math.max(firstOrigin, members.stream().mapToInt(PointModel::firstOrigin).min().orElse(0));
		this.dominance = dominance;
	}

	/** Restores a model from its artifact state and its restored members. */
	public static AdaptiveEnsembleModel fromState(ModelState state, List<PointModel> members) {
		if (members.isEmpty()) {
			throw new IllegalArgumentException("adaptive: no members");
		}
		double margin = state.scalar("margin");
		if (!(margin >= 0 && margin <= 100)) {
			throw new IllegalArgumentException("adaptive: margin must be in [0, 100]");
		}
		// artifacts of the release before the dominance test carry no flag: they mix as
		// they did
		boolean dominance = state.parameters().containsKey(DOMINANCE) && state.integer(DOMINANCE, 0, 1) == 1;
		return new AdaptiveEnsembleModel(members, state.integer("window", 1, 1_000_000), margin,
				state.integer("firstOrigin", 0, 1_000_000), dominance);
	}

	public List<PointModel> members() {
		return this.members;
	}

	@Override
	public int firstOrigin() {
		return this.firstOrigin;
	}

	@Override
	public ModelKind kind() {
		return ModelKind.ADAPTIVE_ENSEMBLE;
	}

	@Override
	public double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		return combine(series, from, to, horizon).rows();
	}

	/**
	 * The combined rows of origins {@code [from, to)} and the weights of every member at
	 * the last of them (0 for a member that took no part).
	 */
	public Combination combine(ScaledSeries series, int from, int to, int horizon) {
		if (to <= from) {
			return new Combination(new double[0][], new double[this.members.size()]);
		}
		if (from < this.firstOrigin) {
			throw new IllegalArgumentException("the adaptive ensemble forecasts from origin " + this.firstOrigin);
		}
		int start = Math.max(this.firstOrigin, from - this.window - horizon);
		// a member that needs more history than there is before the window sits this call
		// out
		int[] active = java.util.stream.IntStream.range(0, this.members.size())
			.filter(m -> this.members.get(m).firstOrigin() <= start)
			.toArray();
		int k = active.length;
		if (k == 0) {
			throw new IllegalArgumentException("no member can forecast from origin " + start);
		}
		double[][][] f = new double[k][][];
		for (int m = 0; m < k; m++) {
			f[m] = this.members.get(active[m]).forecastEach(series, start, to, horizon);
		}
		double[] sum = new double[k];
		ErrorProducts cross = this.dominance ? new ErrorProducts(f, series.scale()) : null;
		int pairs = 0;
		double[] weights = new double[k];
		double[][] out = new double[to - from][];
		for (int o = start; o < to; o++) {
			if (o > start) {
				// pairs whose step o - 1 has just been observed
				for (int h = 1; h <= horizon; h++) {
					int origin = o - h;
					if (origin < start || origin < o - this.window - horizon) {
						break;
					}
					double z = series.z(o - 1);
					for (int m = 0; m < k; m++) {
						sum[m] += Math.abs(z - f[m][origin - start][h - 1]);
					}
					if (cross != null) {
						cross.add(series.y(o - 1), z, origin - start, h, 1);
					}
					pairs++;
				}
				// pairs of the origin leaving the window: all observed by now
				int leaving = o - 1 - this.window - horizon;
				if (leaving >= start) {
					for (int h = 1; h <= horizon; h++) {
						double z = series.z(leaving + h - 1);
						for (int m = 0; m < k; m++) {
							sum[m] -= Math.abs(z - f[m][leaving - start][h - 1]);
						}
						if (cross != null) {
							cross.add(series.y(leaving + h - 1), z, leaving - start, h, -1);
						}
						pairs--;
					}
				}
			}
			if (o < from) {
				continue;
			}
			weights(sum, pairs, weights);
			if (cross != null && pairs > 0) {
				cross.dominate(weights);
			}
			double[] row = new double[horizon];
			for (int m = 0; m < k; m++) {
				if (weights[m] == 0) {
					continue;
				}
				double[] member = f[m][o - start];
				for (int h = 0; h < horizon; h++) {
					row[h] += weights[m] * member[h];
				}
			}
			out[o - from] = row;
		}
		double[] last = new double[this.members.size()];
		for (int m = 0; m < k; m++) {
			last[active[m]] = weights[m];
		}
		return new Combination(out, last);
	}

	/**
	 * The forecast from {@code origin} with the given weights per member (from
	 * {@link #combine} at an earlier origin): what a server reuses between two
	 * re-weightings; members of weight 0 are not evaluated.
	 */
	public double[] forecastWith(ScaledSeries series, int origin, int horizon, double[] weights) {
		if (weights.length != this.members.size()) {
			throw new IllegalArgumentException("one weight per member");
		}
		double[] row = new double[horizon];
		for (int m = 0; m < weights.length; m++) {
			if (weights[m] == 0) {
				continue;
			}
			double[] f = this.members.get(m).forecast(series, origin, horizon);
			for (int h = 0; h < horizon; h++) {
				row[h] += weights[m] * f[h];
			}
		}
		return row;
	}

	/**
	 * Combined rows and the members' weights at the last row's origin.
	 *
	 * @param rows row {@code i} the forecast from the {@code i}-th origin
	 * @param weights per member, summing to 1
	 */
	public record Combination(double[][] rows, double[] weights) {
	}

	/** The weights of the rule in the class comment, from the members' error sums. */
	void weights(double[] sum, int pairs, double[] out) {
		int k = sum.length;
		if (pairs == 0) {
			java.util.Arrays.fill(out, 1.0 / k);
			return;
		}
		double best = Double.POSITIVE_INFINITY;
		for (double s : sum) {
			best = Math.min(best, Math.max(0, s));
		}
		double floor = Math.max(best, 1e-12 * pairs);
		double total = 0;
		for (int m = 0; m < k; m++) {
			double e = Math.max(Math.max(0, sum[m]), floor);
			double r = floor / e;
			out[m] = e <= (1 + this.margin) * floor * (1 + 1e-12) ? r * r * r * r : 0;
			total += out[m];
		}
		for (int m = 0; m < k; m++) {
			out[m] /= total;
		}
	}

	@Override
	public ModelState state() {
		Map<String, double[]> p = new LinkedHashMap<>();
		p.put("window", new double[] { this.window });
		p.put("margin", new double[] { this.margin });
		p.put("firstOrigin", new double[] { this.firstOrigin });
		p.put(DOMINANCE, new double[] { this.dominance ? 1 : 0 });
		return new ModelState(kind(), p, this.members.stream().map(PointModel::state).toList());
	}

}
