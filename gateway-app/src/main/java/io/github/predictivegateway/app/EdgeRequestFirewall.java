package io.github.predictivegateway.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The request firewall of the header-mode gateway, where Spring Security is not set up
 * ({@link HeaderModeSecurityExclusion}): the path and method rules of Spring Security's
 * {@code StrictServerWebExchangeFirewall}, checked once on the raw request line, before
 * any route is looked up. A request is answered {@code 400} when its path
 * <ul>
 * <li>holds a semicolon, a backslash, a control character or an encoded one of them
 * ({@code %3B}, {@code %5C}, {@code %00}–{@code %1F}, {@code %7F}), an encoded slash
 * ({@code %2F}), an encoded percent sign ({@code %25}) or an encoded period
 * ({@code %2E});</li>
 * <li>is not normalized: an empty segment ({@code //}), or a {@code .} or {@code ..}
 * segment;</li>
 * </ul>
 * or its method is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS. So a
 * {@code /demo/..;/admin} path never reaches a backend that would normalize it
 * differently from the route predicate.
 *
 * <p>
 * Unlike Spring Security's firewall it does not wrap the exchange to re-check every
 * request and response header when read: header values come from Reactor Netty's decoder,
 * which already refuses a header with a CR or LF, and the gateway's own headers are
 * numbers and fixed tokens. One scan of the path per request, no allocation when the
 * request passes.
 */
final class EdgeRequestFirewall implements WebFilter, Ordered {

	private static final Set<HttpMethod> ALLOWED_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String refusal = refusal(exchange.getRequest().getMethod(), exchange.getRequest().getURI().getRawPath());
		if (refusal == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		DataBuffer body = response.bufferFactory().wrap(refusal.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/** Why the request is refused, or {@code null} when it passes. */
	static @Nullable String refusal(HttpMethod method, @Nullable String rawPath) {
		if (!ALLOWED_METHODS.contains(method)) {
			return "method not allowed by the request firewall";
		}
		if (rawPath == null || rawPath.isEmpty()) {
			return null;
		}
		int length = rawPath.length();
		for (int i = 0; i < length; i++) {
			char c = rawPath.charAt(i);
			if (c == ';' || c == '\\' || c < 0x20 || c == 0x7f) {
				return "the request path holds a character the request firewall refuses";
			}
			if (c == '%' && encodedRefused(rawPath, i)) {
				return "the request path holds an encoded character the request firewall refuses";
			}
			if (c == '/' && i + 1 < length && rawPath.charAt(i + 1) == '/') {
				return "the request path is not normalized";
			}
			if (c == '/' && dotSegment(rawPath, i + 1)) {
				return "the request path is not normalized";
			}
		}
		return null;
	}

	private static boolean encodedRefused(String path, int at) {
		if (at + 2 >= path.length()) {
			return false;
		}
		String code = path.substring(at + 1, at + 3).toUpperCase(Locale.ROOT);
		return switch (code) {
			case "2F", "25", "2E", "3B", "5C", "7F" -> true;
			default -> code.charAt(0) == '0' || code.charAt(0) == '1';
		};
	}

	/** A {@code .} or {@code ..} segment starting at {@code from}. */
	private static boolean dotSegment(String path, int from) {
		int end = path.indexOf('/', from);
		int segmentEnd = (end < 0) ? path.length() : end;
		int length = segmentEnd - from;
		return (length == 1 && path.charAt(from) == '.')
				|| (length == 2 && path.charAt(from) == '.' && path.charAt(from + 1) == '.');
	}

	/** Before Spring Cloud Gateway's handler and any other web filter. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
