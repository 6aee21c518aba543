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
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
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
 */
@ConfigurationProperties(PredictiveProperties.PREFIX)
@Validated
public class PredictiveProperties implements Validator {

	public static final String PREFIX = "predictive";

	/** Whether the PredictiveRateLimiter filter and its engine are set up at all. */
	private boolean enabled = true;

	/** Request header the default tenant resolver reads the tenant id from. */
	@NotBlank
	private String tenantHeader = "X-Tenant-Id";

	/**
	 * Where the default tenant resolver finds the tenant: HEADER (the tenant-header) or
	 * JWT (a claim of a bearer token validated by Spring Security's resource server, see
	 * predictive.tenant-jwt.*).
	 */
	@NotNull
	private TenantSource tenantSource = TenantSource.HEADER;

	/**
	 * Longest tenant id accepted; a longer one (or one with control characters) is
	 * answered 400 and never becomes a tenant. At most 256, the forecaster's limit on ids
	 * in usage records.
	 */
	@Min(1)
	@Max(256)
	private int maxTenantLength = 128;

	/**
	 * Tenant that requests without a tenant id are admitted as. Unset: such requests are
	 * denied (see deny-empty-tenant).
	 */
	private @Nullable String anonymousTenant;

	/**
	 * Whether requests without a tenant id (and no anonymous tenant) are denied; if false
	 * they pass unlimited.
	 */
	private boolean denyEmptyTenant = true;

	/**
	 * Status for requests denied for lack of a tenant id: a name such as FORBIDDEN or a
	 * number such as 401.
	 */
	@NotBlank
	private String emptyTenantStatus = "FORBIDDEN";

	/** Whether responses carry the rate-limit and decision headers. */
	private boolean includeHeaders = true;

	/** The forecast and reservation period; steps are aligned to the Unix epoch. */
	@NotNull
	private Duration step = Duration.ofSeconds(60);

	/**
	 * How long before a step starts its reservations are prepared (at most half a step),
	 * so they are in place when it begins.
	 */
	@NotNull
	private Duration preallocationLead = Duration.ofSeconds(5);

	/**
	 * Share of each resource type's capacity that may be reserved ahead of time, within
	 * [0, 1].
	 */
	@DecimalMin("0.0")
	@DecimalMax("1.0")
	private double reservableFraction = 0.8;

	/**
	 * Most tenants whose buckets are kept in memory at once (least recently used go
	 * first).
	 */
	@Min(1)
	private long maxTenants = 100_000;

	/**
	 * Per resource type, the units per second its backend takes, cluster-wide. Declares
	 * the resource types.
	 */
	private Map<String, Double> capacity = new LinkedHashMap<>();

	/** Plan of tenants that are not listed under tenants. */
	@NotBlank
	private String defaultPlan = "default";

	/** Per plan name, per resource type, the limits. */
	private Map<String, Map<String, @Valid ResourcePlanProperties>> plans = new LinkedHashMap<>();

	/** Per tenant id, its plan and declared pre-allocations. */
	private Map<String, @Valid TenantProperties> tenants = new LinkedHashMap<>();

	/**
	 * A YAML file holding predictive.plans, predictive.tenants (their plans) and
	 * predictive.default-plan, watched while the gateway runs: a valid change takes
	 * effect without a restart, an invalid one is logged and ignored. When set, plans and
	 * tenant plans come from this file only.
	 */
	private @Nullable String plansFile;

	/** How often the plans file's modification time is checked (real time). */
	@NotNull
	private Duration plansFilePoll = Duration.ofSeconds(5);

	/**
	 * Where standard buckets and the reservation ledger live: local (this instance's
	 * memory, the default) or redis (shared by all gateway instances; connection from
	 * spring.data.redis.*, see predictive.redis.*).
	 */
	@NotBlank
	private String store = "local";

	/**
	 * Compressed time for demos and tests: engine time runs this many times faster than
	 * real time from time-origin (virtual = origin + (real - origin) x scale, as the
	 * sidecar's sidecar.time-scale). 1 is real time.
	 */
	@DecimalMin("1.0")
	private double timeScale = 1.0;

	/**
	 * The instant at which compressed time and real time agree; must equal the sidecar's
	 * sidecar.time-origin.
	 */
	@NotNull
	private Instant timeOrigin = Instant.parse("2026-01-01T00:00:00Z");

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new PredictivePropertiesRules((PredictiveProperties) target, errors).check();
	}

	/** How long one step lasts in real time: the step divided by the time scale. */
	public Duration realStep() {
		return Duration.ofNanos((long) (this.step.toNanos() / this.timeScale));
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTenantHeader() {
		return this.tenantHeader;
	}

	public void setTenantHeader(String tenantHeader) {
		this.tenantHeader = tenantHeader;
	}

	public TenantSource getTenantSource() {
		return this.tenantSource;
	}

	public void setTenantSource(TenantSource tenantSource) {
		this.tenantSource = tenantSource;
	}

	public int getMaxTenantLength() {
		return this.maxTenantLength;
	}

	public void setMaxTenantLength(int maxTenantLength) {
		this.maxTenantLength = maxTenantLength;
	}

	public @Nullable String getAnonymousTenant() {
		return this.anonymousTenant;
	}

	public void setAnonymousTenant(@Nullable String anonymousTenant) {
		this.anonymousTenant = anonymousTenant;
	}

	public boolean isDenyEmptyTenant() {
		return this.denyEmptyTenant;
	}

	public void setDenyEmptyTenant(boolean denyEmptyTenant) {
		this.denyEmptyTenant = denyEmptyTenant;
	}

	public String getEmptyTenantStatus() {
		return this.emptyTenantStatus;
	}

	public void setEmptyTenantStatus(String emptyTenantStatus) {
		this.emptyTenantStatus = emptyTenantStatus;
	}

	public boolean isIncludeHeaders() {
		return this.includeHeaders;
	}

	public void setIncludeHeaders(boolean includeHeaders) {
		this.includeHeaders = includeHeaders;
	}

	public Duration getStep() {
		return this.step;
	}

	public void setStep(Duration step) {
		this.step = step;
	}

	public Duration getPreallocationLead() {
		return this.preallocationLead;
	}

	public void setPreallocationLead(Duration preallocationLead) {
		this.preallocationLead = preallocationLead;
	}

	public double getReservableFraction() {
		return this.reservableFraction;
	}

	public void setReservableFraction(double reservableFraction) {
		this.reservableFraction = reservableFraction;
	}

	public long getMaxTenants() {
		return this.maxTenants;
	}

	public void setMaxTenants(long maxTenants) {
		this.maxTenants = maxTenants;
	}

	public Map<String, Double> getCapacity() {
		return this.capacity;
	}

	public void setCapacity(Map<String, Double> capacity) {
		this.capacity = capacity;
	}

	public String getDefaultPlan() {
		return this.defaultPlan;
	}

	public void setDefaultPlan(String defaultPlan) {
		this.defaultPlan = defaultPlan;
	}

	public Map<String, Map<String, ResourcePlanProperties>> getPlans() {
		return this.plans;
	}

	public void setPlans(Map<String, Map<String, ResourcePlanProperties>> plans) {
		this.plans = plans;
	}

	public Map<String, TenantProperties> getTenants() {
		return this.tenants;
	}

	public void setTenants(Map<String, TenantProperties> tenants) {
		this.tenants = tenants;
	}

	public @Nullable String getPlansFile() {
		return this.plansFile;
	}

	public void setPlansFile(@Nullable String plansFile) {
		this.plansFile = plansFile;
	}

	public Duration getPlansFilePoll() {
		return this.plansFilePoll;
	}

	public void setPlansFilePoll(Duration plansFilePoll) {
		this.plansFilePoll = plansFilePoll;
	}

	public String getStore() {
		return this.store;
	}

	public void setStore(String store) {
		this.store = store;
	}

	public double getTimeScale() {
		return this.timeScale;
	}

	public void setTimeScale(double timeScale) {
		this.timeScale = timeScale;
	}

	public Instant getTimeOrigin() {
		return this.timeOrigin;
	}

	public void setTimeOrigin(Instant timeOrigin) {
		this.timeOrigin = timeOrigin;
	}

}
