package io.github.predictivegateway.filter;

import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Units of the route's resource type one request takes: a fixed weight (1 by default) or
 * the request's {@code Content-Length} in bytes. A request without a body, or without a
 * {@code Content-Length} (chunked), costs 1 unit when it arrives: no request is free; a
 * chunked body is then charged as it passes, or refused, as the route's
 * {@link ChunkedBodies} says.
 */
public final class RequestCost {

	/** The route argument value that selects {@code Content-Length} as the cost. */
	public static final String CONTENT_LENGTH = "content-length";

	private final long weight;

	private final boolean contentLength;

	private RequestCost(long weight, boolean contentLength) {
		this.weight = weight;
		this.contentLength = contentLength;
	}

	/**
	 * @param value {@code null} or blank for 1, {@code content-length}, or a whole number
	 * of units at least 1
	 * @throws IllegalArgumentException with what is accepted, otherwise
	 */
	public static RequestCost parse(String value) {
		if (value == null || value.isBlank()) {
			return new RequestCost(1, false);
		}
		String trimmed = value.trim();
		if (CONTENT_LENGTH.equals(trimmed.toLowerCase(Locale.ROOT))) {
			return new RequestCost(0, true);
		}
		try {
			long weight = Long.parseLong(trimmed);
			if (weight >= 1) {
				return new RequestCost(weight, false);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"cost '" + value + "' is not allowed: use a whole number of units (at least 1) or 'content-length'");
	}

	/**
	 * @throws InvalidRequestException if the cost comes from a {@code Content-Length}
	 * that is not a non-negative whole number
	 */
	public long of(ServerHttpRequest request) {
		if (!this.contentLength) {
			return this.weight;
		}
		String header = request.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
		if (header == null) {
			return 1;
		}
		try {
			long length = Long.parseLong(header.trim());
			if (length < 0) {
				throw new InvalidRequestException("Content-Length must not be negative");
			}
			return Math.max(1, length);
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequestException("Content-Length is not a whole number of bytes");
		}
	}

	/**
	 * Whether the request says nothing of its body's length (no {@code Content-Length}).
	 */
	static boolean lengthUnknown(ServerHttpRequest request) {
		return request.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH) == null;
	}

	/**
	 * Whether the request has a body of unknown length: HTTP/1.1
	 * {@code Transfer-Encoding} without {@code Content-Length}.
	 */
	static boolean isChunked(ServerHttpRequest request) {
		return lengthUnknown(request) && request.getHeaders().getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	public boolean isContentLength() {
		return this.contentLength;
	}

	@Override
	public String toString() {
		return this.contentLength ? CONTENT_LENGTH : Long.toString(this.weight);
	}

}
