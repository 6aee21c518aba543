package io.github.predictivegateway.filter;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * Factory-wide settings of the {@code PredictiveRateLimiter} filter, which a route's
 * arguments may override.
 *
 * @param tenantResolver resolver used when the route names none
 * @param denyEmptyTenant whether a request without tenant (and no anonymous tenant) is
 * refused; otherwise it passes unlimited
 * @param emptyTenantStatus the status of that refusal
 * @param anonymousTenant tenant that requests without a tenant id are admitted as, or
 * {@code null}
 * @param includeHeaders whether responses carry the rate-limit and decision headers
 * @param maxTenantLength longest tenant id accepted; longer ones are answered 400
 * @param chunkedBodies on {@code content-length} routes, what a body without
 * {@code Content-Length} is
 */
public record FilterDefaults(TenantResolver tenantResolver, boolean denyEmptyTenant, HttpStatusCode emptyTenantStatus,
		@Nullable String anonymousTenant, boolean includeHeaders, int maxTenantLength, ChunkedBodies chunkedBodies) {

	public FilterDefaults {
		Objects.requireNonNull(tenantResolver, "tenantResolver");
		Objects.requireNonNull(emptyTenantStatus, "emptyTenantStatus");
		Objects.requireNonNull(chunkedBodies, "chunkedBodies");
		if (maxTenantLength < 1) {
			throw new IllegalArgumentException("max tenant length must be at least 1, got " + maxTenantLength);
		}
	}

}
