package io.github.predictivegateway.filter;

/**
 * A request the filter cannot decide on because part of it is malformed (for instance its
 * {@code Content-Length}); answered {@code 400} with a problem body that says what is
 * wrong.
 */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message, null, false, false);
	}

}
