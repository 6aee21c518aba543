package io.github.predictivegateway.filter;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * The default resolver: the tenant id is the value of one request header
 * ({@code X-Tenant-Id} unless configured), which an authenticating layer in front of the
 * gateway is expected to set. Only that header is read.
 */
public record HeaderTenantResolver(String header) implements TenantResolver {

	public HeaderTenantResolver {
		Assert.hasText(header, "tenant header name must not be blank");
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		String value = exchange.getRequest().getHeaders().getFirst(this.header);
		return (value == null || value.isBlank()) ? Mono.empty() : Mono.just(value.trim());
	}

}
