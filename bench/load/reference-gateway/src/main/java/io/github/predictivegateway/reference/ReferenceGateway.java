package io.github.predictivegateway.reference;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Cloud Gateway application as its documentation writes one: routes from
 * {@code application.yml} (or a file given with {@code --spring.config.additional-location}),
 * nothing else. The key resolver is the tenant header, for the observed flavour's
 * {@code RequestRateLimiter} route.
 */
@SpringBootApplication
public class ReferenceGateway {

	@Bean
	KeyResolver tenantHeaderKeyResolver() {
		return exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Tenant-Id"));
	}

	public static void main(String[] args) {
		SpringApplication.run(ReferenceGateway.class, args);
	}

}
