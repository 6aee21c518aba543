package io.github.predictivegateway.forecast;

import java.util.Map;
import java.util.SortedMap;

/**
 * Which quantiles of a forecast the gateway acts on: {@code reservation} is what is
 * reserved (the forecast's upper bound), {@code burst} the demand above which a step
 * counts as a burst. Both above 0.5 and below 1.
 *
 * <p>
 * A forecaster sends quantiles at a few levels (0.5, 0.9, 0.95, 0.975, 0.99); a level in
 * between is read by linear interpolation between the two around it, a level beyond them
 * as the nearest one sent. A forecaster of the first release sends none: its upper bound
 * (the 0.975 quantile) is used for both.
 */
public record ForecastQuantiles(double reservation, double burst) {

	/** 0.95 for both, as the specification defines a burst. */
	public static final ForecastQuantiles DEFAULTS = new ForecastQuantiles(0.95, 0.95);

	public ForecastQuantiles {
		check("reservation-quantile", reservation);
		check("burst-quantile", burst);
	}

	private static void check(String name, double level) {
		if (!(level > 0.5 && level < 1)) {
			throw new IllegalArgumentException(name + " must be above 0.5 and below 1, was " + level);
		}
	}

	/**
	 * The value at {@code level} of quantiles by level, or {@code otherwise} when there
	 * are none.
	 */
	static double at(SortedMap<Double, Double> quantiles, double level, double otherwise) {
		if (quantiles.isEmpty()) {
			return otherwise;
		}
		Double exact = quantiles.get(level);
		if (exact != null) {
			return exact;
		}
		SortedMap<Double, Double> below = quantiles.headMap(level);
		SortedMap<Double, Double> above = quantiles.tailMap(level);
		if (below.isEmpty()) {
			return above.get(above.firstKey());
		}
		if (above.isEmpty()) {
			return below.get(below.lastKey());
		}
		Map.Entry<Double, Double> lo = Map.entry(below.lastKey(), below.get(below.lastKey()));
		Map.Entry<Double, Double> hi = Map.entry(above.firstKey(), above.get(above.firstKey()));
		double w = (level - lo.getKey()) / (hi.getKey() - lo.getKey());
		return lo.getValue() + w * (hi.getValue() - lo.getValue());
	}

}
