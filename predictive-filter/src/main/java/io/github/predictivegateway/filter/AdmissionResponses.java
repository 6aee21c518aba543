package io.github.predictivegateway.filter;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.gate.GateResult;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes what the filter answers: the rate-limit headers on every decided request, and
 * RFC 9457 {@code application/problem+json} bodies for the requests it refuses (429 at
 * the tenant stage, 503 at the capacity gate, 413 for a request that can never fit).
 * {@code Retry-After} is always sent on a 429 or 503, since it is part of HTTP's meaning
 * of them, and never on a 413, since retrying cannot help; the other headers follow
 * {@code include-headers}. A problem's {@code instance} is the path the client asked for,
 * before any route filter rewrote it.
 */
final class AdmissionResponses {

	static final String PROBLEM_TYPE_PREFIX = "urn:predictive-admission:problem:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AdmissionResponses() {
	}

	static void addHeaders(ServerHttpResponse response, AdmissionResult result, ResourceType resource) {
		HttpHeaders headers = response.getHeaders();
		ResourceLimit limit = result.limit();
		headers.set(PredictiveHeaders.DECISION, result.decision().headerValue());
		headers.set(PredictiveHeaders.REMAINING, Long.toString(result.remaining()));
		headers.set(PredictiveHeaders.REPLENISH_RATE, formatRate(limit.rate()));
		headers.set(PredictiveHeaders.BURST_CAPACITY, Long.toString(limit.burst()));
		headers.set(PredictiveHeaders.REQUESTED_TOKENS, Long.toString(result.cost()));
		String policy = "\"" + result.planName() + "." + resource.name() + "\"";
		headers.set(PredictiveHeaders.RATE_LIMIT_POLICY,
				policy + ";q=" + limit.burst() + ";w=" + limit.windowSeconds());
		headers.set(PredictiveHeaders.RATE_LIMIT, policy + ";r=" + result.remaining() + ";t=" + result.resetSeconds());
	}

	/**
	 * Decision header value and problem type of a fail-closed refusal while Redis is
	 * unavailable.
	 */
	static final String STORE_UNAVAILABLE = "store-unavailable";

	static Mono<Void> throttled(ServerWebExchange exchange, AdmissionResult result, ResourceType resource,
			boolean includeHeaders) {
		ServerHttpResponse response = exchange.getResponse();
		if (includeHeaders) {
			addHeaders(response, result, resource);
		}
		Map<String, Object> problem = problem(HttpStatus.TOO_MANY_REQUESTS, "throttled",
				"The request costs " + result.cost() + " unit(s) of '" + resource.name()
						+ "', more than the tenant has available now; retry in " + result.retryAfterSeconds() + " s.",
				exchange, resource);
		problem.put("cost", result.cost());
		return writeRetryLater(exchange, HttpStatus.TOO_MANY_REQUESTS, problem, result.retryAfterSeconds());
	}

	/**
	 * Adds what the second stage adds to an admitted request's headers: its wait, if it
	 * waited.
	 */
	static void addQueueHeaders(ServerHttpResponse response, GateResult gate) {
		if (gate.queued()) {
			response.getHeaders().set(PredictiveHeaders.QUEUED_MS, Long.toString(gate.waitedMillis()));
		}
	}

	/**
	 * 503 for a request the tenant stage admitted but the capacity gate could not take in
	 * time.
	 */
	static Mono<Void> unavailable(ServerWebExchange exchange, AdmissionResult result, GateResult gate,
			ResourceType resource, boolean includeHeaders) {
		ServerHttpResponse response = exchange.getResponse();
		boolean timedOut = gate.outcome() == GateResult.Outcome.TIMED_OUT;
		Decision decision = timedOut ? Decision.TIMED_OUT : Decision.QUEUE_FULL;
		if (includeHeaders) {
			addHeaders(response, result, resource);
			response.getHeaders().set(PredictiveHeaders.DECISION, decision.headerValue());
			addQueueHeaders(response, gate);
		}
		String detail = (gate.outcome() == GateResult.Outcome.CLOSED) ? "The gateway is shutting down; retry in " + gate
			.retryAfterSeconds() + " s." : "The backend of '"
					+ resource.name() + "' is at capacity"
					+ (timedOut ? "; the request waited " + gate.waitedMillis() + " ms, the most its class ("
							+ gate.priority().tagValue() + ") may wait" : " and its admission queue is full")
					+ "; retry in " + gate.retryAfterSeconds() + " s.";
		Map<String, Object> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, decision.headerValue(), detail, exchange,
				resource);
		problem.put("cost", result.cost());
		problem.put("queuedMs", gate.waitedMillis());
		return writeRetryLater(exchange, HttpStatus.SERVICE_UNAVAILABLE, problem, gate.retryAfterSeconds());
	}

	/**
	 * 503 for a request that needed the shared standard bucket while Redis could not
	 * answer, on a {@code fail-closed} route.
	 */
	static Mono<Void> storeUnavailable(ServerWebExchange exchange, ResourceType resource, long cost,
			long retryAfterSeconds, boolean includeHeaders) {
		ServerHttpResponse response = exchange.getResponse();
		if (includeHeaders) {
			response.getHeaders().set(PredictiveHeaders.DECISION, STORE_UNAVAILABLE);
		}
		Map<String, Object> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE,
				"The shared rate-limit store could not decide this request in time and this route fails closed; "
						+ "retry in " + retryAfterSeconds + " s.",
				exchange, resource);
		problem.put("cost", cost);
		return writeRetryLater(exchange, HttpStatus.SERVICE_UNAVAILABLE, problem, retryAfterSeconds);
	}

	/**
	 * 413 for a request whose cost exceeds what it could ever be admitted for:
	 * {@code largest} units, the most the tenant stage or the capacity gate takes for one
	 * request ({@code why} says which, and why). No {@code Retry-After}.
	 */
	static Mono<Void> neverFits(ServerWebExchange exchange, ResourceType resource, long cost, long largest,
			String why) {
		Map<String, Object> problem = problem(HttpStatus.CONTENT_TOO_LARGE, NEVER_FITS,
				"The request costs " + cost + " unit(s) of '" + resource.name() + "', more than " + largest
						+ ", the most one request can ever be admitted for (" + why
						+ "). It can never fit: retrying will not help; split it into smaller requests.",
				exchange, resource);
		problem.put("cost", cost);
		problem.put("largest", largest);
		return write(exchange, HttpStatus.CONTENT_TOO_LARGE, problem);
	}

	/**
	 * 411 on a {@code content-length} route refusing chunked bodies
	 * ({@link ChunkedBodies#REFUSE}).
	 */
	static Mono<Void> lengthRequired(ServerWebExchange exchange, ResourceType resource) {
		Map<String, Object> problem = problem(
				HttpStatus.LENGTH_REQUIRED, "length-required", "This route charges a request its body's bytes of '"
						+ resource.name() + "' before it passes; send the body with a Content-Length, not chunked.",
				exchange, resource);
		return write(exchange, HttpStatus.LENGTH_REQUIRED, problem);
	}

	/**
	 * 429 for a chunked body cut by the tenant stage after {@code passed} bytes: the
	 * chunk that would have gone past what the tenant has now was not forwarded.
	 */
	static Mono<Void> bodyThrottled(ServerWebExchange exchange, AdmissionResult result, ResourceType resource,
			long passed, boolean includeHeaders) {
		ServerHttpResponse response = exchange.getResponse();
		if (includeHeaders) {
			addHeaders(response, result, resource);
		}
		Map<String, Object> problem = problem(HttpStatus.TOO_MANY_REQUESTS, "throttled",
				"The request's body, sent without a Content-Length, is charged as it passes: after " + passed
						+ " byte(s) of '" + resource.name()
						+ "' the tenant had no more available now, and the upload was cut there; retry in "
						+ result.retryAfterSeconds() + " s.",
				exchange, resource);
		problem.put("passed", passed);
		return writeRetryLater(exchange, HttpStatus.TOO_MANY_REQUESTS, problem, result.retryAfterSeconds());
	}

	/** Problem type of a request that can never fit. */
	static final String NEVER_FITS = "never-fits";

	/**
	 * 500 for a request the admission queue could not decide because its gate, clock or
	 * scheduler failed (logged by the filter).
	 */
	static Mono<Void> gateFailure(ServerWebExchange exchange, ResourceType resource, long cost) {
		Map<String, Object> problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "gate-failure", "The capacity gate of '"
				+ resource.name() + "' failed while deciding this request; nothing was charged for it.", exchange,
				resource);
		problem.put("cost", cost);
		return write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, problem);
	}

	static Mono<Void> missingTenant(ServerWebExchange exchange, HttpStatusCode status) {
		return write(exchange, status,
				problem(status, "missing-tenant", "No tenant could be resolved for this request.", exchange));
	}

	static Mono<Void> badRequest(ServerWebExchange exchange, String detail) {
		return write(exchange, HttpStatus.BAD_REQUEST,
				problem(HttpStatus.BAD_REQUEST, "bad-request", detail, exchange));
	}

	private static Map<String, Object> problem(HttpStatusCode status, String type, String detail,
			ServerWebExchange exchange) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", PROBLEM_TYPE_PREFIX + type);
		problem.put("title", (status instanceof HttpStatus known) ? known.getReasonPhrase() : "Error");
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", clientPath(exchange));
		return problem;
	}

	/**
	 * The path the client asked for: Gateway records the request's URL before a route
	 * filter ({@code RewritePath}, {@code StripPrefix}, {@code PrefixPath}, ...) first
	 * changes it, and the first URL it recorded is the client's.
	 */
	static String clientPath(ServerWebExchange exchange) {
		Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		if (originals != null && !originals.isEmpty()) {
			String path = originals.iterator().next().getRawPath();
			if (path != null) {
				return path;
			}
		}
		return exchange.getRequest().getPath().value();
	}

	/** A problem about one resource: the common members, then {@code resource}. */
	private static Map<String, Object> problem(HttpStatusCode status, String type, String detail,
			ServerWebExchange exchange, ResourceType resource) {
		Map<String, Object> problem = problem(status, type, detail, exchange);
		problem.put("resource", resource.name());
		return problem;
	}

	/**
	 * Writes a refusal that may be retried (429, 503): {@code Retry-After} is set and the
	 * problem ends with the same number as {@code retryAfter}.
	 */
	private static Mono<Void> writeRetryLater(ServerWebExchange exchange, HttpStatus status,
			Map<String, Object> problem, long retryAfterSeconds) {
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		problem.put("retryAfter", retryAfterSeconds);
		return write(exchange, status, problem);
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, Map<String, Object> problem) {
		ServerHttpResponse response = exchange.getResponse();
		if (!response.setStatusCode(status)) {
			return Mono.empty();
		}
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = JSON.writeValueAsBytes(problem);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	private static String formatRate(double rate) {
		return (rate == Math.rint(rate)) ? Long.toString((long) rate) : Double.toString(rate);
	}

}
