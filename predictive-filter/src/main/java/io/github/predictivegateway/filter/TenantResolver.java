package io.github.predictivegateway.filter;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request is limited as. Same contract as Gateway's {@link KeyResolver}: an empty
 * {@code Mono} (or a blank id) means no tenant could be resolved, which the filter denies
 * or maps to the anonymous tenant as configured. Resolvers must not block. A resolver
 * that finds the request malformed (the tenant header twice, bytes that are not UTF-8)
 * signals an {@link InvalidRequestException}: the request is answered 400 with its
 * message as the problem's detail. The id resolved is put in canonical form
 * ({@link io.github.predictivegateway.plan.TenantIds}) before it is used.
 */
@FunctionalInterface
public interface TenantResolver {

	Mono<String> resolve(ServerWebExchange exchange);

	/**
	 * Uses a Gateway {@link KeyResolver} (for example one already written for
	 * {@code RequestRateLimiter}).
	 */
	static TenantResolver of(KeyResolver keyResolver) {
		return keyResolver::resolve;
	}

}
