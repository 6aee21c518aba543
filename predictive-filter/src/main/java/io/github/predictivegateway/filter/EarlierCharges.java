package io.github.predictivegateway.filter;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the {@code PredictiveRateLimiter} filters earlier on a request's route took for
 * it, so that a later one that refuses the request gives it all back. A route charges
 * several resource types per request with one filter each (say one unit of
 * {@code requests} and the body's bytes of {@code bytes}); each charge goes through the
 * same admission, pre-allocation first, and a request refused on any of them is refused:
 * what the others took, from the tenant's buckets and from their capacity gates, is given
 * back, and their usage counts the request as not admitted.
 *
 * <p>
 * A request that reaches the backend keeps every charge. One whose client goes away while
 * a later filter decides keeps them too, as a single filter's charge does.
 */
final class EarlierCharges {

	private static final String ATTRIBUTE = EarlierCharges.class.getName();

	/** One filter's give-back, and those of the filters before it. */
	private record Charge(Runnable giveBack, @Nullable Charge earlier) {
	}

	private EarlierCharges() {
	}

	/**
	 * Remembers how to give back what a filter took for the request, for the filters
	 * after it.
	 */
	static void add(ServerWebExchange exchange, Runnable giveBack) {
		exchange.getAttributes().put(ATTRIBUTE, new Charge(giveBack, exchange.getAttribute(ATTRIBUTE)));
	}

	/**
	 * {@code decision}, the answer of a filter given {@code chain} (through
	 * {@code decide}), and, if an earlier filter charged the request and this one did not
	 * pass it on, every earlier charge given back. Without an earlier charge,
	 * {@code decide} is given {@code chain} itself: nothing is added to the request path.
	 */
	static Mono<Void> giveBackUnlessPassed(ServerWebExchange exchange, GatewayFilterChain chain,
			Function<GatewayFilterChain, Mono<Void>> decide) {
		if (!exchange.getAttributes().containsKey(ATTRIBUTE)) {
			return decide.apply(chain);
		}
		boolean[] passed = new boolean[1];
		GatewayFilterChain watched = next -> {
			passed[0] = true;
			return chain.filter(next);
		};
		// before the refusal's first byte: a client that retries at once finds the units
		// back
		exchange.getResponse().beforeCommit(() -> {
			if (!passed[0]) {
				giveBack(exchange);
			}
			return Mono.empty();
		});
		return decide.apply(watched);
	}

	private static void giveBack(ServerWebExchange exchange) {
		for (Charge charge = (Charge) exchange.getAttributes().remove(ATTRIBUTE); charge != null; charge = charge
			.earlier()) {
			charge.giveBack().run();
		}
	}

}
