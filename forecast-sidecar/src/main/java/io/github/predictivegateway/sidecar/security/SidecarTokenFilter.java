package io.github.predictivegateway.sidecar.security;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets a request that changes the sidecar's state ({@code POST /v1/usage},
 * {@code POST /v1/history/import}, {@code POST /v1/retrain}, and any other method than
 * {@code GET}, {@code HEAD} or {@code OPTIONS}) through only with
 * {@code Authorization: Bearer <sidecar token>}; otherwise it is answered {@code 401}
 * with a bearer challenge and a problem body. Judging by method rather than by path means
 * that no spelling of a path (a trailing {@code ;param}, a double slash) reaches a write
 * endpoint without the token. Reads ({@code GET /v1/forecasts}, {@code /v1/history},
 * {@code /v1/models}) stay open: they are served to whoever can reach the port, which is
 * loopback by default.
 */
public final class SidecarTokenFilter implements WebFilter, Ordered {

	static final String PROBLEM = """
			{"type":"urn:predictive-admission:problem:invalid-sidecar-token","title":"Unauthorized","status":401,\
			"detail":"This endpoint needs the sidecar token: Authorization: Bearer <sidecar.token>."}""";

	private final SidecarToken token;

	public SidecarTokenFilter(SidecarToken token) {
		this.token = token;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
				|| this.token.matches(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"forecast-sidecar\"");
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer body = response.bufferFactory().wrap(PROBLEM.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/**
	 * Before Boot's and the controllers' own filters: nothing runs for a request without
	 * the token.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
