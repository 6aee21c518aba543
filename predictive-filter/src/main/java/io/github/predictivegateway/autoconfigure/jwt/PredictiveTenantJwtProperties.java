package io.github.predictivegateway.autoconfigure.jwt;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The tenant claim read when {@code predictive.tenant-source=jwt}. How tokens are
 * validated (issuer, JWK set or public key, audiences) is Spring Security's standard
 * {@code spring.security.oauth2.resourceserver.jwt.*}.
 *
 * @param claim Claim of a validated token that holds the tenant id (a string or a
 * number).
 */
@ConfigurationProperties(PredictiveTenantJwtProperties.PREFIX)
@Validated
public record PredictiveTenantJwtProperties(@NotBlank @DefaultValue("tenant") String claim) {
	public static final String PREFIX = "predictive.tenant-jwt";

}
