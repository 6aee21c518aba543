package io.github.predictivegateway.filter;

import java.util.Locale;

/**
 * What a {@code cost: content-length} route does with a request whose body comes without
 * a {@code Content-Length} (HTTP/1.1 {@code Transfer-Encoding: chunked}), whose cost is
 * therefore not known when it arrives. Charging it 1 unit and letting the body through
 * would let any upload pass a byte budget for free.
 */
public enum ChunkedBodies {

	/**
	 * Admitted for its first unit, then charged the bytes that actually pass, chunk by
	 * chunk, before each chunk goes upstream: each chunk's bytes are taken from the
	 * tenant stage and the capacity gate like a request of that cost. The first chunk
	 * refused ends the upload: the upstream call is aborted (the upstream received only
	 * what was charged) and the client is answered 429 (the tenant has no more now), 503
	 * (the gate could not take it in time) or 413 (the body has grown past what one
	 * request can ever be admitted for).
	 */
	METER,

	/**
	 * Answered {@code 411 Length Required} before anything is charged or forwarded: the
	 * client must send a {@code Content-Length}.
	 */
	REFUSE;

	/**
	 * @param value {@code meter} or {@code refuse}, any case
	 * @throws IllegalArgumentException naming what is accepted, otherwise
	 */
	public static ChunkedBodies parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("chunked-bodies '" + value + "' is not allowed: use 'meter' or 'refuse'",
					ex);
		}
	}

}
