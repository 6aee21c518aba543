package io.github.predictivegateway.autoconfigure.jwt;

import java.util.List;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.PredictiveConfigurationException;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.filter.BearerTokenProblemEntryPoint;
import io.github.predictivegateway.filter.JwtClaimTenantResolver;
import io.github.predictivegateway.filter.TenantResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * {@code predictive.tenant-source=jwt}: the tenant is a claim of a bearer token that
 * Spring Security's OAuth2 resource server validates with the application's
 * {@link ReactiveJwtDecoder} (Boot builds one from
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or
 * {@code public-key-location}).
 *
 * <p>
 * The security chain set up here only authenticates: a valid token becomes the principal,
 * an invalid, expired or forged one is answered {@code 401} by
 * {@link BearerTokenProblemEntryPoint}, and a request without a token goes on anonymously
 * to the routes, where {@code PredictiveRateLimiter} applies its missing-tenant rules. It
 * permits every exchange (what a route requires is the gateway's business), and switches
 * off what would change proxied traffic: CSRF, sessions and saved requests, login forms
 * and basic auth, and response security headers. An application that declares its own
 * {@link SecurityWebFilterChain} keeps it; it should then configure
 * {@code oauth2ResourceServer} itself.
 *
 * <p>
 * Runs before {@link PredictiveAutoConfiguration} so that its {@link TenantResolver}
 * replaces the header resolver, and before Boot's security auto-configurations so that
 * their default chains back off.
 */
@AutoConfiguration(before = PredictiveAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "tenant-source", havingValue = "jwt")
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class PredictiveJwtTenantAutoConfiguration {

	static final String SECURITY_CLASS = "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken";

	static final String WEBFLUX_SECURITY_CLASS = "org.springframework.security.config.web.server.ServerHttpSecurity";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SECURITY_CLASS, WEBFLUX_SECURITY_CLASS })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@EnableConfigurationProperties(PredictiveTenantJwtProperties.class)
	static class JwtTenantConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantResolver predictiveTenantResolver(PredictiveTenantJwtProperties properties) {
			return new JwtClaimTenantResolver(properties.claim());
		}

		@Bean
		@ConditionalOnMissingBean(SecurityWebFilterChain.class)
		SecurityWebFilterChain predictiveJwtSecurityWebFilterChain(ServerHttpSecurity http,
				ObjectProvider<ReactiveJwtDecoder> decoder) {
			ReactiveJwtDecoder jwtDecoder = decoder.getIfUnique();
			if (jwtDecoder == null) {
				throw new PredictiveConfigurationException(List.of("predictive.tenant-source=jwt needs one "
						+ "ReactiveJwtDecoder: set spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri "
						+ "or public-key-location, or declare a ReactiveJwtDecoder bean"));
			}
			BearerTokenProblemEntryPoint entryPoint = new BearerTokenProblemEntryPoint();
			return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
				.oauth2ResourceServer(
						oauth2 -> oauth2.jwt(jwt -> jwt.jwtDecoder(jwtDecoder)).authenticationEntryPoint(entryPoint))
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

	/**
	 * Asked for JWT tenants without the classes for them: stop rather than silently read
	 * the header.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SECURITY_CLASS)
	static class MissingSecurityConfiguration {

		MissingSecurityConfiguration() {
			throw new PredictiveConfigurationException(List.of("predictive.tenant-source=jwt needs Spring Security's "
					+ "OAuth2 resource server on the classpath (spring-boot-starter-security-oauth2-resource-server)"));
		}

	}

}
