package io.github.predictivegateway.gate;

import java.util.Locale;

import io.github.predictivegateway.admission.Decision;

/**
 * A request's class in the admission queue, in priority order: requests served from a
 * pre-allocation go before standard ones, so a tenant whose reserved capacity was lent
 * out meanwhile is first in line when it claims it.
 */
public enum PriorityClass {

	/** Admitted by the tenant stage from its shadow bucket. */
	PREALLOCATED,

	/** Admitted by the tenant stage from its standard bucket. */
	STANDARD;

	private static final PriorityClass[] VALUES = values();

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/** The class of a request the tenant stage admitted. */
	public static PriorityClass of(Decision decision) {
		return switch (decision) {
			case PREALLOCATED -> PREALLOCATED;
			case STANDARD -> STANDARD;
			default -> throw new IllegalArgumentException("only admitted requests enter the queue, not " + decision);
		};
	}

	/** The lower-case form used in configuration keys and metric tags. */
	public String tagValue() {
		return this.tagValue;
	}

	static PriorityClass[] all() {
		return VALUES;
	}

}
