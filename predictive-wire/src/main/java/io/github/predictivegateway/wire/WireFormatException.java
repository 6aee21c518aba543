package io.github.predictivegateway.wire;

import org.jspecify.annotations.Nullable;

/**
 * Bytes that are not the message they were read as at all (not JSON, or without the
 * structure every field hangs from), as opposed to a message with invalid values, which
 * is read and left to validation.
 */
public final class WireFormatException extends RuntimeException {

	private final @Nullable String field;

	public WireFormatException(String message) {
		this(null, message);
	}

	/**
	 * @param field the path of the field that could not be read, e.g.
	 * {@code records[3].attempted}, or {@code null} when no field can be named
	 */
	public WireFormatException(@Nullable String field, String message) {
		super(message);
		this.field = field;
	}

	/** The path of the field that could not be read, or {@code null}. */
	public @Nullable String field() {
		return this.field;
	}

}
