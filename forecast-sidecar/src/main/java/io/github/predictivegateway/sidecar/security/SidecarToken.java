package io.github.predictivegateway.sidecar.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

/**
 * The shared token that gateways present to the sidecar's write endpoints as
 * {@code Authorization: Bearer <token>}.
 *
 * <p>
 * Only the SHA-256 digest of the token is kept, and a presented token is compared by
 * digest with {@link MessageDigest#isEqual}, in constant time and without revealing the
 * token's length. The token itself is never printed: {@link #toString()} says only that a
 * token is configured.
 */
public final class SidecarToken {

	private static final String BEARER = "Bearer ";

	private final byte[] digest;

	private SidecarToken(byte[] digest) {
		this.digest = digest;
	}

	/**
	 * @param token the shared token, not blank (surrounding white space is not part of
	 * it)
	 * @throws IllegalArgumentException if it is blank
	 */
	public static SidecarToken of(String token) {
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("the token is blank");
		}
		return new SidecarToken(sha256(token.strip()));
	}

	/**
	 * @param authorization the request's {@code Authorization} header, or {@code null}
	 * @return whether it is {@code Bearer} followed by this token (the scheme is
	 * case-insensitive, RFC 6750)
	 */
	public boolean matches(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return MessageDigest.isEqual(this.digest, sha256(authorization.substring(BEARER.length()).strip()));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	@Override
	public String toString() {
		return "SidecarToken[configured]";
	}

}
