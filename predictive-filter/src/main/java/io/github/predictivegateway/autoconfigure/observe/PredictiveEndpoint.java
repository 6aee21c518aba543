package io.github.predictivegateway.autoconfigure.observe;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.observe.PredictiveReport;
import io.github.predictivegateway.plan.TenantIds;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code predictive}: per tenant × resource type the current forecast,
 * grant, shadow and standard tokens, multiplier, recent demand and burst count
 * ({@code GET /actuator/predictive}, at most {@value PredictiveReport#MAX_LISTED} tenants
 * by recent demand, {@code ?tenant=} to pick one), and one tenant with its closed steps
 * ({@code GET /actuator/predictive/{tenant}}, 404 when nothing is known of it). Expose it
 * on the management port only: it names tenants.
 */
@Endpoint(id = "predictive")
public class PredictiveEndpoint {

	private final PredictiveReport report;

	public PredictiveEndpoint(PredictiveReport report) {
		this.report = report;
	}

	/**
	 * @param tenant only this tenant (as the request path knows it: its id in canonical
	 * form, {@link TenantIds}, whichever form the query was written in)
	 */
	@ReadOperation
	public PredictiveReport.Overview overview(@Nullable String tenant) {
		return this.report.overview((tenant != null) ? TenantIds.canonical(tenant) : null);
	}

	@ReadOperation
	public PredictiveReport.@Nullable TenantDetail tenant(@Selector String tenant) {
		return this.report.tenant(TenantIds.canonical(tenant));
	}

}
