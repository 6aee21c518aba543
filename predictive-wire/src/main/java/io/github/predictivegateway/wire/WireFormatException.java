package io.github.predictivegateway.wire;

/**
 * Bytes that are not the message they were read as at all (not JSON, or without the
 * structure every field hangs from), as opposed to a message with invalid values, which
 * is read and left to validation.
 */
public final class WireFormatException extends RuntimeException {

	public WireFormatException(String message) {
		super(message);
	}

}
