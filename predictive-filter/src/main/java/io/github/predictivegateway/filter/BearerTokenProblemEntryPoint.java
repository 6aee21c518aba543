package io.github.predictivegateway.filter;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers a request whose bearer token Spring Security rejected: the RFC 6750 challenge
 * ({@code WWW-Authenticate: Bearer error="invalid_token", ...}) with the status of the
 * bearer-token error ({@code 401}, or {@code 400} for a malformed {@code Authorization}
 * header), and an RFC 9457 problem body like the filter's other refusals. The body never
 * repeats the token or the decoder's message, which can name claims and keys; the
 * challenge's {@code error_description} is a fixed sentence.
 */
public final class BearerTokenProblemEntryPoint implements ServerAuthenticationEntryPoint {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DESCRIPTION = "The bearer token is malformed, expired, or not signed by a trusted key";

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		String code = BearerTokenErrorCodes.INVALID_TOKEN;
		HttpStatus status = HttpStatus.UNAUTHORIZED;
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() instanceof BearerTokenError bearer) {
			code = bearer.getErrorCode();
			status = bearer.getHttpStatus();
		}
		ServerHttpResponse response = exchange.getResponse();
		if (!response.setStatusCode(status)) {
			return Mono.empty();
		}
		response.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"" + code + "\", error_description=\"" + DESCRIPTION + "\"");
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", AdmissionResponses.PROBLEM_TYPE_PREFIX + code.replace('_', '-'));
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", DESCRIPTION + ".");
		problem.put("instance", exchange.getRequest().getPath().value());
		byte[] body = JSON.writeValueAsBytes(problem);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
