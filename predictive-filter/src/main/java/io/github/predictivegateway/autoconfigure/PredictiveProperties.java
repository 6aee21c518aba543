package io.github.predictivegateway.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.filter.ChunkedBodies;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of predictive admission under {@code predictive}: resource types and
 * their capacity, plans, tenants, the step, the store, compressed time, and what the
 * filter does with requests that carry no tenant. The other blocks have prefixes of their
 * own ({@code predictive.gate}, {@code .queue}, {@code .redis}, {@code .forecast},
 * {@code .adjustment}, {@code .usage}, {@code .embedded}, {@code .metrics},
 * {@code .alerts}, {@code .tenant-jwt}). Field ranges are checked by Bean Validation;
 * rules that involve several properties by {@link PredictivePropertiesRules}. Either
 * stops start-up with a message naming the property.
 *
 * @param enabled Whether the PredictiveRateLimiter filter and its engine are set up at
 * all.
 * @param tenantHeader Request header the default tenant resolver reads the tenant id
 * from.
 * @param tenantSource Where the default tenant resolver finds the tenant: HEADER (the
 * tenant-header) or JWT (a claim of a bearer token validated by Spring Security's
 * resource server, see predictive.tenant-jwt.*).
 * @param maxTenantLength Longest tenant id accepted; a longer one (or one with control
 * characters) is answered 400 and never becomes a tenant. At most 256, the forecaster's
 * limit on ids in usage records.
 * @param anonymousTenant Tenant that requests without a tenant id are admitted as. Unset:
 * such requests are denied (see deny-empty-tenant).
 * @param denyEmptyTenant Whether requests without a tenant id (and no anonymous tenant)
 * are denied; if false they pass unlimited.
 * @param emptyTenantStatus Status for requests denied for lack of a tenant id: a name
 * such as FORBIDDEN or a number such as 401.
 * @param includeHeaders Whether responses carry the rate-limit and decision headers.
 * @param step The forecast and reservation period; steps are aligned to the Unix epoch.
 * @param preallocationLead How long before a step starts its reservations are prepared
 * (at most half a step), so they are in place when it begins.
 * @param reservableFraction Share of each resource type's capacity that may be reserved
 * ahead of time, within [0, 1].
 * @param inStepWindow How often, while a step runs, grants are topped up for tenants
 * running ahead of them (from capacity nobody reserved) and released when left idle past
 * their pace; 0 switches the in-step adjustment off. In distributed mode through the
 * shared ledger's pool.
 * @param maxTenants Most tenants whose buckets are kept in memory at once (least recently
 * used go first).
 * @param capacity Per resource type, the units per second its backend takes,
 * cluster-wide. Declares the resource types.
 * @param defaultPlan Plan of tenants that are not listed under tenants.
 * @param plans Per plan name, per resource type, the limits.
 * @param tenants Per tenant id, its plan and declared pre-allocations.
 * @param plansFile A YAML file holding predictive.plans, predictive.tenants (their plans)
 * and predictive.default-plan, watched while the gateway runs: a valid change takes
 * effect without a restart, an invalid one is logged and ignored. When set, plans and
 * tenant plans come from this file only.
 * @param plansFilePoll How often the plans file's modification time is checked (real
 * time).
 * @param store Where standard buckets and the reservation ledger live: local (this
 * instance's memory, the default) or redis (shared by all gateway instances; connection
 * from spring.data.redis.*, see predictive.redis.*).
 * @param timeScale Compressed time for demos and tests: engine time runs this many times
 * faster than real time from time-origin (virtual = origin + (real - origin) x scale, as
 * the sidecar's sidecar.time-scale). 1 is real time.
 * @param timeOrigin The instant at which compressed time and real time agree; must equal
 * the sidecar's sidecar.time-origin.
 * @param chunkedBodies On routes with cost: content-length, what a request body sent
 * without Content-Length (chunked) is: METER (charged the bytes that actually pass, chunk
 * by chunk; the upload is cut and answered 429, 503 or 413 at the first chunk refused) or
 * REFUSE (answered 411 Length Required). A route's chunked-bodies argument overrides it.
 */
@ConfigurationProperties(PredictiveProperties.PREFIX)
@Validated
public record PredictiveProperties(@DefaultValue("true") boolean enabled,
		@NotBlank @DefaultValue("X-Tenant-Id") String tenantHeader,
		@NotNull @DefaultValue("HEADER") TenantSource tenantSource,
		@Min(1) @Max(256) @DefaultValue("128") int maxTenantLength, @Nullable String anonymousTenant,
		@DefaultValue("true") boolean denyEmptyTenant, @NotBlank @DefaultValue("FORBIDDEN") String emptyTenantStatus,
		@DefaultValue("true") boolean includeHeaders, @NotNull @DefaultValue("60s") Duration step,
		@NotNull @DefaultValue("5s") Duration preallocationLead,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.8") double reservableFraction,
		@NotNull @DefaultValue("5s") Duration inStepWindow, @Min(1) @DefaultValue("100000") long maxTenants,
		Map<String, Double> capacity, @NotBlank @DefaultValue("default") String defaultPlan,
		Map<String, Map<String, @Valid ResourcePlanProperties>> plans, Map<String, @Valid TenantProperties> tenants,
		@Nullable String plansFile, @NotNull @DefaultValue("5s") Duration plansFilePoll,
		@NotBlank @DefaultValue("local") String store, @DecimalMin("1.0") @DefaultValue("1.0") double timeScale,
		@NotNull @DefaultValue("2026-01-01T00:00:00Z") Instant timeOrigin,
		@NotNull @DefaultValue("METER") ChunkedBodies chunkedBodies) implements ValidatedProperties {

	public static final String PREFIX = "predictive";

	public PredictiveProperties {
		capacity = (capacity != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(capacity)) : Map.of();
		plans = (plans != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(plans)) : Map.of();
		tenants = (tenants != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(tenants)) : Map.of();
	}

	@Override
	public void check(PropertyRules rules) {
		new PredictivePropertiesRules(this, rules).check();
	}

	/**
	 * The same properties with another capacity: a plans file declares plans and tenants
	 * for the resource types of the gateway's own configuration.
	 */
	public PredictiveProperties withCapacity(Map<String, Double> capacity) {
		return new PredictiveProperties(this.enabled, this.tenantHeader, this.tenantSource, this.maxTenantLength,
				this.anonymousTenant, this.denyEmptyTenant, this.emptyTenantStatus, this.includeHeaders, this.step,
				this.preallocationLead, this.reservableFraction, this.inStepWindow, this.maxTenants, capacity,
				this.defaultPlan, this.plans, this.tenants, this.plansFile, this.plansFilePoll, this.store,
				this.timeScale, this.timeOrigin, this.chunkedBodies);
	}

	/** How long one step lasts in real time: the step divided by the time scale. */
	public Duration realStep() {
		return Duration.ofNanos((long) (this.step.toNanos() / this.timeScale));
	}

}
