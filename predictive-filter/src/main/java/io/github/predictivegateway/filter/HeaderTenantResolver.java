package io.github.predictivegateway.filter;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * The default resolver: the tenant id is the value of one request header
 * ({@code X-Tenant-Id} unless configured), which an authenticating layer in front of the
 * gateway is expected to set. Only that header is read.
 */
public final class HeaderTenantResolver implements TenantResolver {

	private final String header;

	public HeaderTenantResolver(String header) {
		if (header == null || header.isBlank()) {
			throw new IllegalArgumentException("tenant header name must not be blank");
		}
		this.header = header;
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		String value = exchange.getRequest().getHeaders().getFirst(this.header);
		return (value == null || value.isBlank()) ? Mono.empty() : Mono.just(value.trim());
	}

	public String header() {
		return this.header;
	}

}
