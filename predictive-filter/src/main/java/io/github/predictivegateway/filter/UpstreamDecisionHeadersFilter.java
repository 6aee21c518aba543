package io.github.predictivegateway.filter;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops from an upstream's response the decision and rate-limit headers that the
 * {@code PredictiveRateLimiter} already set on the same response, so that the client sees
 * one value, the filter's: without it, Gateway adds the upstream's headers after the
 * filter's, and a client reading the first {@code X-Predictive-Decision} or
 * {@code X-RateLimit-Remaining} could read the upstream's. Headers the filter did not
 * send (another route, {@code include-headers: false}) pass as the upstream sent them.
 *
 * <p>
 * Runs on every proxied response, so it asks the upstream's headers first (they rarely
 * hold any of these) and by lower-case names: both header maps ignore case, and Spring's
 * map lower-cases every name it is asked for, which allocates a new string unless the
 * name already is lower case.
 */
public final class UpstreamDecisionHeadersFilter implements HttpHeadersFilter, Ordered {

	private static final List<String> OWNED = List
		.of(PredictiveHeaders.DECISION, PredictiveHeaders.QUEUED_MS, PredictiveHeaders.SHADOW,
				PredictiveHeaders.REMAINING, PredictiveHeaders.REPLENISH_RATE, PredictiveHeaders.BURST_CAPACITY,
				PredictiveHeaders.REQUESTED_TOKENS, PredictiveHeaders.RATE_LIMIT_POLICY, PredictiveHeaders.RATE_LIMIT)
		.stream()
		.map(name -> name.toLowerCase(Locale.ROOT))
		.toList();

	@Override
	public HttpHeaders filter(HttpHeaders upstream, ServerWebExchange exchange) {
		HttpHeaders own = null;
		HttpHeaders filtered = null;
		for (int i = 0; i < OWNED.size(); i++) {
			String name = OWNED.get(i);
			if (!upstream.containsHeader(name)) {
				continue;
			}
			if (own == null) {
				own = exchange.getResponse().getHeaders();
			}
			if (own.containsHeader(name)) {
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
