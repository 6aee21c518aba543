package io.github.predictivegateway.filter;

import java.util.List;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops from an upstream's response the decision and rate-limit headers that the {@code PredictiveRateLimiter}
 * already set on the same response, so that the client sees one value, the filter's: without it, Gateway adds the
 * upstream's headers after the filter's, and a client reading the first {@code X-Predictive-Decision} or
 * {@code X-RateLimit-Remaining} could read the upstream's. Headers the filter did not send (another route,
 * {@code include-headers: false}) pass as the upstream sent them.
 */
public final class UpstreamDecisionHeadersFilter implements HttpHeadersFilter, Ordered {

	private static final List<String> OWNED = List.of(PredictiveHeaders.DECISION, PredictiveHeaders.QUEUED_MS,
			PredictiveHeaders.SHADOW, PredictiveHeaders.REMAINING, PredictiveHeaders.REPLENISH_RATE,
			PredictiveHeaders.BURST_CAPACITY, PredictiveHeaders.REQUESTED_TOKENS, PredictiveHeaders.RATE_LIMIT_POLICY,
			PredictiveHeaders.RATE_LIMIT);

	@Override
	public HttpHeaders filter(HttpHeaders upstream, ServerWebExchange exchange) {
		HttpHeaders own = exchange.getResponse().getHeaders();
		HttpHeaders filtered = null;
		for (int i = 0; i < OWNED.size(); i++) {
			String name = OWNED.get(i);
			if (own.containsHeader(name) && upstream.containsHeader(name)) {
				if (filtered == null) {
					filtered = new HttpHeaders();
					filtered.addAll(upstream);
				}
				filtered.remove(name);
			}
		}
		return (filtered != null) ? filtered : upstream;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	/** After Gateway's own response filters, which only ever remove headers. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
