package io.github.predictivegateway.filter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * The default resolver: the tenant id is the value of one request header
 * ({@code X-Tenant-Id} unless configured), which an authenticating layer in front of the
 * gateway is expected to set. Only that header is read.
 *
 * <p>
 * <b>Non-ASCII ids.</b> The header carries the id's UTF-8 bytes, as they are (what
 * {@code curl -H 'X-Tenant-Id: café'} sends from a UTF-8 terminal, and what HTTP client
 * libraries send for a non-ASCII header value they do not refuse): HTTP/1.1 servers hand
 * a header value over one character per byte (ISO-8859-1), and this resolver reads those
 * bytes back as UTF-8, so "café", "日本" and "🚀" are the tenants of those names. Bytes
 * that are not UTF-8 (a bare ISO-8859-1 "é", a stray 0x85) are answered 400 with a
 * problem body saying so, never guessed at. A value that already holds characters beyond
 * U+00FF (set by a filter in front, or by a server that decodes headers itself) is taken
 * as characters. The filter then puts the id in its one canonical form
 * ({@link io.github.predictivegateway.plan.TenantIds}).
 *
 * <p>
 * <b>One header.</b> A request with the header twice (or more) is answered 400: which one
 * is the tenant would otherwise be up to the first component that reads it, and the
 * upstream could see another tenant than the one charged.
 */
public record HeaderTenantResolver(String header) implements TenantResolver {

	public HeaderTenantResolver {
		Assert.hasText(header, "tenant header name must not be blank");
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		List<String> values = exchange.getRequest().getHeaders().get(this.header);
		if (values == null || values.isEmpty()) {
			return Mono.empty();
		}
		if (values.size() > 1) {
			return Mono.error(new InvalidRequestException(
					"The " + this.header + " header appears " + values.size() + " times; send it once"));
		}
		String value = values.get(0);
		if (value == null || value.isBlank()) {
			return Mono.empty();
		}
		try {
			return Mono.just(decode(value).trim());
		}
		catch (InvalidRequestException ex) {
			return Mono.error(ex);
		}
	}

	/**
	 * A header value's characters, read as UTF-8 when it holds bytes (every character at
	 * most U+00FF) beyond ASCII.
	 * @throws InvalidRequestException when those bytes are not UTF-8
	 */
	String decode(String value) {
		String decoded = readUtf8(value);
		if (decoded == null) {
			throw new InvalidRequestException("The " + this.header
					+ " header is not UTF-8; send a non-ASCII tenant id as the UTF-8 bytes of its characters");
		}
		return decoded;
	}

	/**
	 * The rule of this resolver for any header value: its characters when it is ASCII or
	 * already holds characters beyond U+00FF, otherwise its bytes (one per character, as
	 * HTTP/1.1 servers hand them over) read as UTF-8; {@code null} when those bytes are
	 * not UTF-8. A request firewall in front of the filter can use it to let UTF-8 header
	 * values through.
	 */
	public static @Nullable String readUtf8(String value) {
		boolean ascii = true;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xFF) {
				return value;
			}
			if (c >= 0x80) {
				ascii = false;
			}
		}
		if (ascii) {
			return value;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
