package io.github.predictivegateway.filter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tenant is the claim of an already validated token; anything else is "no tenant".
 */
class JwtClaimTenantResolverTests {

	private final JwtClaimTenantResolver resolver = new JwtClaimTenantResolver("tenant");

	private static ServerWebExchange withPrincipal(java.security.Principal principal) {
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/orders").header("X-Tenant-Id", "from-header"));
		return (principal == null) ? exchange : exchange.mutate().principal(Mono.just(principal)).build();
	}

	private static JwtAuthenticationToken token(Map<String, Object> claims) {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("user-1")
			.claims(all -> all.putAll(claims))
			.issuedAt(Instant.parse("2026-01-01T00:00:00Z"))
			.expiresAt(Instant.parse("2026-01-01T01:00:00Z"))
			.build();
		return new JwtAuthenticationToken(jwt);
	}

	private String resolve(java.security.Principal principal) {
		return this.resolver.resolve(withPrincipal(principal)).block();
	}

	@Test
	void aStringClaimIsTheTenantTrimmed() {
		assertThat(resolve(token(Map.of("tenant", " acme ")))).isEqualTo("acme");
	}

	@Test
	void aNumericClaimIsTheTenant() {
		assertThat(resolve(token(Map.of("tenant", 4711)))).isEqualTo("4711");
	}

	@Test
	void aMissingBlankOrStructuredClaimIsNoTenant() {
		assertThat(resolve(token(Map.of("scope", "orders")))).isNull();
		assertThat(resolve(token(Map.of("tenant", "  ")))).isNull();
		assertThat(resolve(token(Map.of("tenant", List.of("a", "b"))))).isNull();
	}

	@Test
	void withoutATokenThereIsNoTenantAndTheHeaderIsNotRead() {
		assertThat(resolve(null)).isNull();
		assertThat(resolve(new TestingAuthenticationToken("user", "password"))).isNull();
	}

	@Test
	void aBlankClaimNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtClaimTenantResolver(" "));
	}

}
