package io.github.predictivegateway.forecast;

/**
 * Forecast demand of one series in one future step, in units per step: a point forecast
 * and a central interval (95% by default) around it.
 */
public record Forecast(double mean, double lower, double upper) {

	public Forecast {
		if (!Double.isFinite(mean) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
			throw new IllegalArgumentException(
					"forecast values must be finite, got mean=" + mean + " lower=" + lower + " upper=" + upper);
		}
		if (lower < 0) {
			throw new IllegalArgumentException("demand cannot be negative, got lower=" + lower);
		}
		if (!(lower <= mean && mean <= upper)) {
			throw new IllegalArgumentException(
					"forecast must satisfy lower <= mean <= upper, got " + lower + " <= " + mean + " <= " + upper);
		}
	}

	/** A forecast with no uncertainty: a declared amount. */
	public static Forecast exactly(double units) {
		return new Forecast(units, units, units);
	}

	/**
	 * Of two forecasts of one series, the one with the larger upper bound ({@code a} on a
	 * tie): where forecasts of a series overlap, the larger applies.
	 */
	public static Forecast larger(Forecast a, Forecast b) {
		return (a.upper() >= b.upper()) ? a : b;
	}

}
