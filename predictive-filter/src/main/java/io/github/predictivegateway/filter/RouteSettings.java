package io.github.predictivegateway.filter;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.plan.ResourceType;

import org.springframework.http.HttpStatusCode;

/**
 * One route's {@code PredictiveRateLimiter} arguments, merged with the factory-wide
 * {@link FilterDefaults}.
 *
 * @param resource the route's resource type
 * @param cost how many units one request takes
 * @param tenantResolver who the tenant is
 * @param denyEmptyTenant whether a request without tenant (and no anonymous tenant) is
 * refused; otherwise it passes unlimited
 * @param emptyTenantStatus the status of that refusal
 * @param anonymousTenant tenant that requests without a tenant id are admitted as, or
 * {@code null}
 * @param includeHeaders whether responses carry the rate-limit and decision headers
 * @param maxTenantLength longest tenant id accepted; longer ones are answered 400
 * @param shadowMode decide and report every request, enforce nothing
 * @param failurePolicy distributed mode: what the route does when the shared store cannot
 * answer
 * @param chunkedBodies on a {@code content-length} route, what a body without
 * {@code Content-Length} is: metered as it passes, or refused 411
 */
record RouteSettings(ResourceType resource, RequestCost cost, TenantResolver tenantResolver, boolean denyEmptyTenant,
		HttpStatusCode emptyTenantStatus, @Nullable String anonymousTenant, boolean includeHeaders, int maxTenantLength,
		boolean shadowMode, FailurePolicy failurePolicy, ChunkedBodies chunkedBodies) {

}
