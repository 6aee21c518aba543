package io.github.predictivegateway.filter;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * The tenant is one claim of the request's bearer token. The token is not read here:
 * Spring Security's OAuth2 resource server has already validated it (signature, expiry,
 * issuer, audience) and made it the exchange's principal, or answered {@code 401} if it
 * was invalid. A request without a token, or whose token lacks the claim (or holds
 * something other than a string or number in it), has no tenant; the filter then applies
 * its missing-tenant rules.
 */
public record JwtClaimTenantResolver(String claim) implements TenantResolver {

	public JwtClaimTenantResolver {
		Assert.hasText(claim, "tenant claim name must not be blank");
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.ofType(JwtAuthenticationToken.class)
			.mapNotNull(authentication -> tenant(authentication.getToken()));
	}

	private String tenant(Jwt jwt) {
		Object value = jwt.getClaims().get(this.claim);
		if (value instanceof String text) {
			return text.isBlank() ? null : text.trim();
		}
		return (value instanceof Number number) ? number.toString() : null;
	}

}
