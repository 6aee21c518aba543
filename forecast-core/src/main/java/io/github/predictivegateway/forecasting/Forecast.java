package io.github.predictivegateway.forecasting;

/**
 * A probabilistic forecast for the steps after the history it was made from:
 * {@code mean[h-1]}, {@code lower[h-1]}, {@code upper[h-1]} for horizon {@code h}, with
 * {@code 0 <= lower <= mean <= upper} as far as calibration allows ({@code lower >= 0}
 * always).
 *
 * @param firstStepEpochSecond start of the first forecast step (epoch seconds, UTC)
 * @param stepSeconds step length
 */
public record Forecast(long firstStepEpochSecond, int stepSeconds, double[] mean, double[] lower, double[] upper) {

	public Forecast {
		if (mean.length != lower.length || mean.length != upper.length) {
			throw new IllegalArgumentException("mean, lower and upper must have the same length");
		}
		mean = mean.clone();
		lower = lower.clone();
		upper = upper.clone();
	}

	public int horizon() {
		return mean.length;
	}

	@Override
	public double[] mean() {
		return mean.clone();
	}

	@Override
	public double[] lower() {
		return lower.clone();
	}

	@Override
	public double[] upper() {
		return upper.clone();
	}
}
