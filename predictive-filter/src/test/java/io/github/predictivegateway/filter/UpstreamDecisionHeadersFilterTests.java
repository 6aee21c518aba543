package io.github.predictivegateway.filter;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UpstreamDecisionHeadersFilter} on its own: which of an upstream's headers reach
 * the client next to the filter's. (Through a real route:
 * {@code HostileRequestGatewayTests}.)
 */
class UpstreamDecisionHeadersFilterTests {

	private final UpstreamDecisionHeadersFilter filter = new UpstreamDecisionHeadersFilter();

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));

	@Test
	void dropsTheUpstreamsValueOfAHeaderTheFilterSetWhateverItsCase() {
		this.exchange.getResponse().getHeaders().set(PredictiveHeaders.REMAINING, "7");
		HttpHeaders upstream = new HttpHeaders();
		upstream.set("x-ratelimit-REMAINING", "999");
		upstream.set("Content-Type", "application/json");

		HttpHeaders passed = this.filter.filter(upstream, this.exchange);

		assertThat(passed.headerNames()).containsExactly("Content-Type");
	}

	@Test
	void keepsTheUpstreamsValueOfAHeaderTheFilterDidNotSet() {
		HttpHeaders upstream = new HttpHeaders();
		upstream.set(PredictiveHeaders.DECISION, "preallocated");

		assertThat(this.filter.filter(upstream, this.exchange).getFirst(PredictiveHeaders.DECISION))
			.isEqualTo("preallocated");
	}

	@Test
	void passesTheUpstreamsHeadersUncopiedWhenNoneClash() {
		this.exchange.getResponse().getHeaders().set(PredictiveHeaders.DECISION, "standard");
		HttpHeaders upstream = new HttpHeaders();
		upstream.set("Content-Type", "application/json");

		assertThat(this.filter.filter(upstream, this.exchange)).isSameAs(upstream);
	}

	@Test
	void leavesTheUpstreamsHeadersItWasGivenUnchanged() {
		this.exchange.getResponse().getHeaders().set(PredictiveHeaders.RATE_LIMIT, "\"free.requests\";r=4;t=1");
		HttpHeaders upstream = new HttpHeaders();
		upstream.set(PredictiveHeaders.RATE_LIMIT, "\"other\";r=0;t=9");

		this.filter.filter(upstream, this.exchange);

		assertThat(upstream.getFirst(PredictiveHeaders.RATE_LIMIT)).isEqualTo("\"other\";r=0;t=9");
	}

}
