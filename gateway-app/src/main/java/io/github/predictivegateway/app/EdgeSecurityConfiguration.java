package io.github.predictivegateway.app;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The gateway has Spring Security on its classpath only so that
 * {@code predictive.tenant-source=jwt} works out of the box. With the default
 * {@code predictive.tenant-source=header}, Boot would otherwise lock every route behind
 * HTTP basic with a generated password; this chain keeps the gateway what it was: it
 * authenticates nobody, permits every exchange (the {@code PredictiveRateLimiter} filter
 * decides who passes), and adds nothing to proxied responses (no security headers, no
 * CSRF token, no session). The actuator lives on the management port, bound to loopback
 * or kept inside the cluster, and exposes only health, info and the per-tenant view
 * (predictive, predictivedashboard).
 *
 * <p>
 * With {@code predictive.tenant-source=jwt} this class steps aside and the filter's
 * {@code PredictiveJwtTenantAutoConfiguration} sets up the resource-server chain, which
 * differs only in validating bearer tokens.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "predictive.tenant-source", havingValue = "header", matchIfMissing = true)
class EdgeSecurityConfiguration {

	@Bean
	SecurityWebFilterChain gatewayPassThroughSecurityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.build();
	}

}
