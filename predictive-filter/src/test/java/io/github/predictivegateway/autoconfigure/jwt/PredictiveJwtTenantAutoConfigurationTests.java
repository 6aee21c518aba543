package io.github.predictivegateway.autoconfigure.jwt;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.filter.HeaderTenantResolver;
import io.github.predictivegateway.filter.JwtClaimTenantResolver;
import io.github.predictivegateway.filter.TenantResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tenant resolver and security chain {@code predictive.tenant-source} sets up, and
 * the start-up failures when JWT tenants are asked for without what they need.
 */
class PredictiveJwtTenantAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PredictiveJwtTenantAutoConfiguration.class,
				PredictiveAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.plans.free.db.rate=5",
				"predictive.plans.free.db.burst=10", "predictive.default-plan=free");

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

	}

	@Configuration(proxyBeanMethods = false)
	static class Decoder {

		@Bean
		ReactiveJwtDecoder jwtDecoder() throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) generator.generateKeyPair().getPublic())
				.build();
		}

	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	@Test
	void byDefaultTheTenantComesFromTheHeaderAndNoChainIsAdded() {
		this.runner.withUserConfiguration(Decoder.class).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TenantResolver.class)).isInstanceOf(HeaderTenantResolver.class);
			assertThat(context).doesNotHaveBean("predictiveJwtSecurityWebFilterChain");
		});
	}

	@Test
	void jwtSourceReadsTheConfiguredClaimBehindAResourceServerChain() {
		this.runner.withUserConfiguration(Decoder.class)
			.withPropertyValues("predictive.tenant-source=jwt", "predictive.tenant-jwt.claim=org_id")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TenantResolver.class)).isInstanceOfSatisfying(JwtClaimTenantResolver.class,
						resolver -> assertThat(resolver.claim()).isEqualTo("org_id"));
				assertThat(context).hasSingleBean(SecurityWebFilterChain.class)
					.hasBean("predictiveJwtSecurityWebFilterChain");
			});
	}

	@Test
	void theDefaultClaimIsTenant() {
		this.runner.withUserConfiguration(Decoder.class)
			.withPropertyValues("predictive.tenant-source=JWT")
			.run(context -> assertThat(((JwtClaimTenantResolver) context.getBean(TenantResolver.class)).claim())
				.isEqualTo("tenant"));
	}

	@Test
	void jwtSourceWithoutAJwtDecoderStopsStartUpNamingTheProperties() {
		this.runner.withPropertyValues("predictive.tenant-source=jwt").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.contains("predictive.tenant-source=jwt needs one ReactiveJwtDecoder: set "
						+ "spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or public-key-location");
		});
	}

	@Test
	void jwtSourceWithoutSpringSecurityStopsStartUpRatherThanReadingTheHeader() {
		this.runner.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
			.withPropertyValues("predictive.tenant-source=jwt")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure()))
					.contains("predictive.tenant-source=jwt needs Spring Security's OAuth2 resource server");
			});
	}

	@Test
	void aBlankClaimNameStopsStartUp() {
		this.runner.withUserConfiguration(Decoder.class)
			.withPropertyValues("predictive.tenant-source=jwt", "predictive.tenant-jwt.claim= ")
			.run(context -> assertThat(context).hasFailed());
	}

}
