package io.github.predictivegateway.test;

import java.time.Instant;

import reactor.core.publisher.Mono;

import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;

/**
 * The smallest gateway application: Boot's auto-configuration, Gateway's and ours, with
 * time frozen by a {@link ManualTimeSource} so that buckets refill only when a test says
 * so. Spring Security is on this module's test classpath only as the optional dependency
 * of JWT tenants; this gateway is one without it, so Boot's default security (which would
 * lock every route) is left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
public class TestGatewayApplication {

	/** A Monday, 10 seconds into a minute step. */
	public static final Instant NOW = Instant.parse("2026-11-30T09:00:10Z");

	@Bean
	ManualTimeSource testTimeSource() {
		return new ManualTimeSource(NOW);
	}

	/**
	 * A Gateway KeyResolver of the kind users already have: the tenant from a query
	 * parameter.
	 */
	@Bean
	KeyResolver queryKeyResolver() {
		return exchange -> Mono.justOrEmpty(exchange.getRequest().getQueryParams().getFirst("user"));
	}

}
