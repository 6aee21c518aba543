package io.github.predictivegateway.forecasting;

import java.util.Arrays;

/**
 * A probabilistic forecast for the steps after the history it was made from:
 * {@code mean[h-1]}, {@code lower[h-1]}, {@code upper[h-1]} for horizon {@code h}, with
 * {@code 0 <= lower <= mean <= upper} as far as calibration allows ({@code lower >= 0}
 * always), and the quantiles asked for: {@code quantiles[i][h-1]} at level
 * {@code quantileLevels[i]}, increasing in the level.
 *
 * @param firstStepEpochSecond start of the first forecast step (epoch seconds, UTC)
 * @param stepSeconds step length
 */
public record Forecast(long firstStepEpochSecond, int stepSeconds, double[] mean, double[] lower, double[] upper,
		double[] quantileLevels, double[][] quantiles) {

	public Forecast {
		if (mean.length != lower.length || mean.length != upper.length) {
			throw new IllegalArgumentException("mean, lower and upper must have the same length");
		}
		if (quantileLevels.length != quantiles.length) {
			throw new IllegalArgumentException("one row of quantiles per level");
		}
		mean = mean.clone();
		lower = lower.clone();
		upper = upper.clone();
		quantileLevels = quantileLevels.clone();
		double[][] q = new double[quantiles.length][];
		for (int i = 0; i < q.length; i++) {
			if (quantiles[i].length != mean.length) {
				throw new IllegalArgumentException("quantiles must have one value per horizon");
			}
			q[i] = quantiles[i].clone();
		}
		quantiles = q;
	}

	/** A forecast without quantiles. */
	public Forecast(long firstStepEpochSecond, int stepSeconds, double[] mean, double[] lower, double[] upper) {
		this(firstStepEpochSecond, stepSeconds, mean, lower, upper, new double[0], new double[0][]);
	}

	public int horizon() {
		return this.mean.length;
	}

	@Override
	public double[] mean() {
		return this.mean.clone();
	}

	@Override
	public double[] lower() {
		return this.lower.clone();
	}

	@Override
	public double[] upper() {
		return this.upper.clone();
	}

	@Override
	public double[] quantileLevels() {
		return this.quantileLevels.clone();
	}

	@Override
	public double[][] quantiles() {
		double[][] q = new double[this.quantiles.length][];
		for (int i = 0; i < q.length; i++) {
			q[i] = this.quantiles[i].clone();
		}
		return q;
	}

	/**
	 * The quantile at {@code level} per horizon.
	 * @throws IllegalArgumentException when that level was not asked for
	 */
	public double[] quantile(double level) {
		for (int i = 0; i < this.quantileLevels.length; i++) {
			if (this.quantileLevels[i] == level) {
				return this.quantiles[i].clone();
			}
		}
		throw new IllegalArgumentException(
				"no quantile at " + level + " (levels " + Arrays.toString(this.quantileLevels) + ")");
	}

	/**
	 * Calls {@code step} for every horizon {@code h = 1..horizon()} in order, with the
	 * values forecast for it and its quantiles in level order.
	 */
	public void forEachStep(Step step) {
		for (int h = 1; h <= this.mean.length; h++) {
			double[] atH = new double[this.quantiles.length];
			for (int l = 0; l < atH.length; l++) {
				atH[l] = this.quantiles[l][h - 1];
			}
			step.accept(h, this.mean[h - 1], this.lower[h - 1], this.upper[h - 1], atH);
		}
	}

	/** One step of a forecast, see {@link #forEachStep}. */
	@FunctionalInterface
	public interface Step {

		/**
		 * @param h the horizon, 1-based
		 * @param quantiles the quantiles at this horizon, one per level (a fresh array)
		 */
		void accept(int h, double mean, double lower, double upper, double[] quantiles);

	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Forecast f && f.firstStepEpochSecond == this.firstStepEpochSecond
				&& f.stepSeconds == this.stepSeconds && Arrays.equals(f.mean, this.mean)
				&& Arrays.equals(f.lower, this.lower) && Arrays.equals(f.upper, this.upper)
				&& Arrays.equals(f.quantileLevels, this.quantileLevels)
				&& Arrays.deepEquals(f.quantiles, this.quantiles);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.firstStepEpochSecond) * 31 + Arrays.hashCode(this.mean);
	}

	@Override
	public String toString() {
		return "Forecast[first=" + this.firstStepEpochSecond + ", step=" + this.stepSeconds + ", mean="
				+ Arrays.toString(this.mean) + ", upper=" + Arrays.toString(this.upper) + "]";
	}
}
