package io.github.predictivegateway.forecast;

/**
 * Forecast demand of one series in one future step, in units per step: a point forecast,
 * a lower bound, the upper bound that is reserved
 * ({@code predictive.forecast.reservation-quantile} of the demand, 0.95 by default) and
 * the demand above which the step counts as a burst
 * ({@code predictive.forecast.burst-quantile}, 0.95 by default).
 *
 * @param burstAbove demand above which the step is a burst
 */
public record Forecast(double mean, double lower, double upper, double burstAbove) {

	public Forecast {
		if (!Double.isFinite(mean) || !Double.isFinite(lower) || !Double.isFinite(upper)
				|| !Double.isFinite(burstAbove)) {
			throw new IllegalArgumentException("forecast values must be finite, got mean=" + mean + " lower=" + lower
					+ " upper=" + upper + " burstAbove=" + burstAbove);
		}
		if (lower < 0) {
			throw new IllegalArgumentException("demand cannot be negative, got lower=" + lower);
		}
		if (!(lower <= mean && mean <= upper)) {
			throw new IllegalArgumentException(
					"forecast must satisfy lower <= mean <= upper, got " + lower + " <= " + mean + " <= " + upper);
		}
	}

	/** A forecast whose burst threshold is its upper bound. */
	public Forecast(double mean, double lower, double upper) {
		this(mean, lower, upper, upper);
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
