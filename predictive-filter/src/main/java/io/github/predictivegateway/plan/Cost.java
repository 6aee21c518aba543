package io.github.predictivegateway.plan;

/**
 * The cost of a request: the units of a resource type one request takes (1 by default,
 * the body's bytes, or a configured weight), and likewise the units given back for a
 * request that never reached the backend. Always a whole number of at least one unit,
 * checked here once for every stage that takes or gives back units.
 */
public final class Cost {

	private Cost() {
	}

	/**
	 * @return {@code units}
	 * @throws IllegalArgumentException if {@code units < 1}
	 */
	public static long require(long units) {
		if (units < 1) {
			throw new IllegalArgumentException("cost must be at least 1 unit, got " + units);
		}
		return units;
	}

}
