package io.github.predictivegateway.plan;

/**
 * What is limited ({@code requests}, {@code db}, {@code compute}, {@code egress-bytes},
 * …) and how much of it the backend takes, cluster-wide.
 *
 * @param name the name used in configuration and routes
 * @param index position among the declared resource types, so per-tenant state can be an
 * array instead of a map
 * @param capacity units per second the backend behind this resource type can take
 */
public record ResourceType(String name, int index, double capacity) {

	public ResourceType {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("resource type name must not be blank");
		}
		if (index < 0) {
			throw new IllegalArgumentException("resource type index must be >= 0, got " + index);
		}
		if (!(capacity > 0) || Double.isInfinite(capacity)) {
			throw new IllegalArgumentException(
					"capacity is " + capacity + "; it must be a positive number of units per second");
		}
	}

	/** Units of this resource the backend takes in one step of {@code stepSeconds}. */
	public double capacityPerStep(double stepSeconds) {
		return this.capacity * stepSeconds;
	}

	/**
	 * Units of this resource that may be reserved in one step of {@code stepSeconds}:
	 * {@code ⌊reservableFraction × capacity × stepSeconds⌋}, what the ledger shares among
	 * the step's grants and what in-step top-ups come from.
	 */
	public long reservableUnits(double reservableFraction, double stepSeconds) {
		return (long) Math.floor(reservableFraction * capacityPerStep(stepSeconds));
	}

}
