package io.github.predictivegateway.forecasting.model;

/**
 * The sums of products of the members' errors on the original scale over a sliding window
 * of forecast pairs, {@code S_jk = sum e_j e_k} with {@code e_m = y - inverse(zhat_m)},
 * from which the squared error over the window of any fixed average of the members'
 * forecasts is {@code w' S w}, updated in {@code k^2 / 2} operations per pair entering or
 * leaving the window.
 *
 * <p>
 * The dominance test of an {@link AdaptiveEnsembleModel}: among the members its weights
 * mix, the one with the least squared error over the window is served alone when it had
 * clearly less than the mix, {@code S_bb <= (1 - margin) w' S w}; the mix is served
 * otherwise. Averaging pays where the members' errors differ (they cancel in part); where
 * one member is better and the others only add their own errors to its, it does not, and
 * the combination goes to that member. The test reads errors on the original scale, the
 * scale forecasts are judged on, while the weights read them on the fitting scale, where
 * one spike does not decide them; the mix is taken as the average of the members'
 * forecasts on the original scale, which the combination's average on the fitting scale
 * does not exceed.
 */
final class ErrorProducts {

	/**
	 * How much less squared error than the mix the member must have had: part of the
	 * window is data the members were fitted on, where a flexible member looks better
	 * than it will forecast, and the member is the best of several on that same window,
	 * so a tie is not a win.
	 */
	static final double MARGIN = 0.1;

	/** {@code S} on the original scale. */
	private final double[][] sums;

	/** {@code S} on the fitting scale. */
	private final double[][] fittedSums;

	/** The members' rows on the fitting scale. */
	private final double[][][] rows;

	/** The members' rows on the original scale. */
	private final double[][][] forecasts;

	private final double[] errors;

	private final double[] fittedErrors;

	/**
	 * @param rows per member, its rows on the fitting scale (row {@code i} from the
	 * {@code i}-th origin of the pass)
	 */
	ErrorProducts(double[][][] rows, FittingScale scale) {
		int k = rows.length;
		this.sums = new double[k][k];
		this.fittedSums = new double[k][k];
		this.errors = new double[k];
		this.fittedErrors = new double[k];
		this.rows = rows;
		this.forecasts = new double[k][][];
		for (int m = 0; m < k; m++) {
			double[][] r = rows[m];
			double[][] y = new double[r.length][];
			for (int i = 0; i < r.length; i++) {
				y[i] = new double[r[i].length];
				for (int h = 0; h < r[i].length; h++) {
					y[i][h] = scale.inverse(r[i][h]);
				}
			}
			this.forecasts[m] = y;
		}
	}

	/**
	 * Adds ({@code sign} 1) or removes ({@code sign} -1) the members' errors on the pair
	 * (row {@code row}, step {@code h}) whose actual is {@code y}, {@code z} on the
	 * fitting scale.
	 */
	void add(double y, double z, int row, int h, int sign) {
		for (int m = 0; m < this.errors.length; m++) {
			this.errors[m] = y - this.forecasts[m][row][h - 1];
			this.fittedErrors[m] = z - this.rows[m][row][h - 1];
		}
		add(this.sums, this.errors, sign);
		add(this.fittedSums, this.fittedErrors, sign);
	}

	private static void add(double[][] sums, double[] e, int sign) {
		int k = sums.length;
		for (int j = 0; j < k; j++) {
			double ej = sign * e[j];
			double[] row = sums[j];
			for (int m = j; m < k; m++) {
				row[m] += ej * e[m];
			}
		}
	}

	/**
	 * {@code w' S w}: the squared error over the window of the average {@code w} on the
	 * original scale.
	 */
	double mixed(double[] w) {
		return mixed(this.sums, w);
	}

	/** {@code w' S w} on the fitting scale. */
	double mixedFitted(double[] w) {
		return mixed(this.fittedSums, w);
	}

	private static double mixed(double[][] sums, double[] w) {
		int k = sums.length;
		double total = 0;
		for (int j = 0; j < k; j++) {
			if (w[j] == 0) {
				continue;
			}
			double[] row = sums[j];
			total += w[j] * w[j] * row[j];
			for (int m = j + 1; m < k; m++) {
				total += 2 * w[j] * w[m] * row[m];
			}
		}
		return total;
	}

	/**
	 * Puts every weight on the member of {@code w} with the least squared error over the
	 * window on the original scale when it had at most {@code 1 - MARGIN} times the mix's
	 * on both scales; leaves {@code w} as it is otherwise.
	 */
	void dominate(double[] w) {
		int best = -1;
		int shared = 0;
		for (int m = 0; m < w.length; m++) {
			if (w[m] > 0) {
				shared++;
				if (best < 0 || this.sums[m][m] < this.sums[best][best]) {
					best = m;
				}
			}
		}
		if (shared < 2 || this.sums[best][best] > (1 - MARGIN) * mixed(w)
				|| this.fittedSums[best][best] > mixedFitted(w)) {
			return;
		}
		java.util.Arrays.fill(w, 0);
		w[best] = 1;
	}

}
