package io.github.predictivegateway.app;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Gateway {@link KeyResolver} on the same tenant header as the predictive filter, so
 * that Gateway's own {@code RequestRateLimiter} can limit the same tenants
 * ({@code key-resolver: "#{@tenantHeaderKeyResolver}"}): the Redis benchmark compares
 * both on one route set.
 */
@Configuration(proxyBeanMethods = false)
class TenantKeyResolverConfiguration {

	@Bean
	KeyResolver tenantHeaderKeyResolver(@Value("${predictive.tenant-header:X-Tenant-Id}") String header) {
		return exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(header));
	}

}
