package io.github.predictivegateway.autoconfigure;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of predictive admission: resource types and their capacity, plans,
 * tenants, the step, and what the filter does with requests that carry no tenant. Field
 * ranges are checked by Bean Validation; rules that involve several properties (a plan's
 * burst against its rate, references between plans, tenants and resource types) by
 * {@link PredictivePropertiesRules}. Either stops start-up with a message naming the
 * property.
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
	private Map<String, Map<String, @Valid ResourcePlan>> plans = new LinkedHashMap<>();

	/** Per tenant id, its plan and declared pre-allocations. */
	private Map<String, @Valid Tenant> tenants = new LinkedHashMap<>();

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

	/**
	 * The capacity gate of each resource type: the second stage, after the tenant's
	 * buckets.
	 */
	@Valid
	private final Gate gate = new Gate();

	/**
	 * Where standard buckets and the reservation ledger live: local (this instance's
	 * memory, the default) or redis (shared by all gateway instances; connection from
	 * spring.data.redis.*, see predictive.redis.*).
	 */
	@NotBlank
	private String store = "local";

	@Valid
	private final Redis redis = new Redis();

	/** The admission queue where requests wait while a capacity gate is full. */
	@Valid
	private final Queue queue = new Queue();

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new PredictivePropertiesRules((PredictiveProperties) target).check(errors);
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

	public Map<String, Map<String, ResourcePlan>> getPlans() {
		return this.plans;
	}

	public void setPlans(Map<String, Map<String, ResourcePlan>> plans) {
		this.plans = plans;
	}

	public Map<String, Tenant> getTenants() {
		return this.tenants;
	}

	public void setTenants(Map<String, Tenant> tenants) {
		this.tenants = tenants;
	}

	public String getStore() {
		return this.store;
	}

	public void setStore(String store) {
		this.store = store;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Gate getGate() {
		return this.gate;
	}

	public Queue getQueue() {
		return this.queue;
	}

	/**
	 * The capacity gates, one per resource type, at the units per second declared in
	 * capacity.
	 */
	public static class Gate {

		/**
		 * Whether requests the tenant stage admitted also take their cost from the
		 * resource type's capacity gate (and wait in the admission queue when it is
		 * full). Off: only the tenant stage limits.
		 */
		private boolean enabled = true;

		/**
		 * How much capacity a gate lets through at once, as a time: it holds capacity x
		 * burst units (at least 1), so in any t seconds it admits at most capacity x (t +
		 * burst) units. Smaller smooths more.
		 */
		@NotNull
		private Duration burst = Duration.ofMillis(100);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getBurst() {
			return this.burst;
		}

		public void setBurst(Duration burst) {
			this.burst = burst;
		}

	}

	/** Bounds of the admission queue of each resource type. */
	public static class Queue {

		/**
		 * Most requests waiting for one resource type's gate at once, all classes
		 * together; 0: nobody waits.
		 */
		@Min(0)
		private int maxLength = 1000;

		/**
		 * Longest a request of each class waits for room at the gate before it is
		 * answered 503.
		 */
		@Valid
		private final MaxWait maxWait = new MaxWait();

		/**
		 * On shutdown, how long requests already waiting may still be admitted as the
		 * gate makes room; those still waiting then are answered 503 with Retry-After.
		 * Keep it below spring.lifecycle.timeout-per-shutdown-phase.
		 */
		@NotNull
		private Duration drainTimeout = Duration.ofSeconds(5);

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

		public MaxWait getMaxWait() {
			return this.maxWait;
		}

	}

	/** Maximum wait in the admission queue, per class. */
	public static class MaxWait {

		/** Longest a request served from a pre-allocation waits; 0: it never waits. */
		@NotNull
		private Duration preallocated = Duration.ofSeconds(3);

		/** Longest a request served from a standard bucket waits; 0: it never waits. */
		@NotNull
		private Duration standard = Duration.ofSeconds(1);

		public Duration getPreallocated() {
			return this.preallocated;
		}

		public void setPreallocated(Duration preallocated) {
			this.preallocated = preallocated;
		}

		public Duration getStandard() {
			return this.standard;
		}

		public void setStandard(Duration standard) {
			this.standard = standard;
		}

	}

	/** One plan's limits for one resource type. */
	public static class ResourcePlan {

		/** Standard bucket refill, units per second. Required, greater than 0. */
		private @Nullable Double rate;

		/** Standard bucket capacity, units. Required, at least the rate. */
		private @Nullable Long burst;

		/**
		 * The most that may be reserved for one tenant in one step, units. Unset: no cap
		 * besides the ledger's.
		 */
		@Min(0)
		private @Nullable Long maxPreallocation;

		/** Share of the reservable capacity when the ledger is oversubscribed. */
		@DecimalMin(value = "0.0", inclusive = false)
		private double weight = 1.0;

		public @Nullable Double getRate() {
			return this.rate;
		}

		public void setRate(@Nullable Double rate) {
			this.rate = rate;
		}

		public @Nullable Long getBurst() {
			return this.burst;
		}

		public void setBurst(@Nullable Long burst) {
			this.burst = burst;
		}

		public @Nullable Long getMaxPreallocation() {
			return this.maxPreallocation;
		}

		public void setMaxPreallocation(@Nullable Long maxPreallocation) {
			this.maxPreallocation = maxPreallocation;
		}

		public double getWeight() {
			return this.weight;
		}

		public void setWeight(double weight) {
			this.weight = weight;
		}

	}

	/** A tenant's plan and the pre-allocations declared for it. */
	public static class Tenant {

		/** Name of the tenant's plan. Unset: the default plan. */
		private @Nullable String plan;

		/**
		 * Pre-allocations declared for this tenant instead of (or before) forecasting
		 * them.
		 */
		private List<@Valid DeclaredPreallocation> preallocations = new ArrayList<>();

		public @Nullable String getPlan() {
			return this.plan;
		}

		public void setPlan(@Nullable String plan) {
			this.plan = plan;
		}

		public List<DeclaredPreallocation> getPreallocations() {
			return this.preallocations;
		}

		public void setPreallocations(List<DeclaredPreallocation> preallocations) {
			this.preallocations = preallocations;
		}

	}

	/**
	 * Units reserved for a tenant in every step that starts within a weekly window, e.g.
	 * a known Monday 09:00 burst.
	 */
	public static class DeclaredPreallocation {

		/** Resource type the units are of. */
		@NotBlank
		private String resource = "";

		/** Units reserved per step. */
		@Min(0)
		private long units;

		/** Days the window applies on. Empty: every day. */
		private Set<DayOfWeek> days = Set.of();

		/** Start of the daily window, local time. Equal to 'to': the whole day. */
		private LocalTime from = LocalTime.MIDNIGHT;

		/**
		 * End of the daily window (exclusive), local time; before 'from' wraps past
		 * midnight.
		 */
		private LocalTime to = LocalTime.MIDNIGHT;

		/** Time zone of the window. */
		@NotBlank
		private String zone = "UTC";

		public String getResource() {
			return this.resource;
		}

		public void setResource(String resource) {
			this.resource = resource;
		}

		public long getUnits() {
			return this.units;
		}

		public void setUnits(long units) {
			this.units = units;
		}

		public Set<DayOfWeek> getDays() {
			return this.days;
		}

		public void setDays(Set<DayOfWeek> days) {
			this.days = days;
		}

		public LocalTime getFrom() {
			return this.from;
		}

		public void setFrom(LocalTime from) {
			this.from = from;
		}

		public LocalTime getTo() {
			return this.to;
		}

		public void setTo(LocalTime to) {
			this.to = to;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

	}

	/**
	 * Distributed mode ({@code predictive.store=redis}): the connection itself is
	 * spring.data.redis.*.
	 */
	public static class Redis {

		/**
		 * Longest a Redis call may take (all its round trips); past it the request is
		 * decided by the route's failure policy. An outage costs a request at most this,
		 * and nothing once the circuit breaker opens.
		 */
		@NotNull
		private Duration timeout = Duration.ofMillis(50);

		/** Default failure policy of routes that set none: fail-open or fail-closed. */
		@NotBlank
		private String failurePolicy = "fail-open";

		/**
		 * Gateway instances expected behind the load balancer: a fail-open instance
		 * limits each tenant to rate / expected-instances (and burst /
		 * expected-instances) while Redis is down.
		 */
		@Min(1)
		private int expectedInstances = 2;

		/**
		 * Start of every key this gateway writes; give each environment sharing a Redis
		 * its own.
		 */
		@NotBlank
		private String keyPrefix = "predictive:";

		/**
		 * How long the circuit breaker stays open (calls fail at once) before it tries
		 * Redis again.
		 */
		@NotNull
		private Duration circuitOpenFor = Duration.ofSeconds(1);

		/** Calls the circuit breaker judges over; it opens when half of them failed. */
		@Min(2)
		private int circuitWindow = 20;

		/** Fewest calls in the window before the circuit breaker may open. */
		@Min(1)
		private int circuitMinCalls = 5;

		/**
		 * How much pre-allocated capacity one lease takes from the shared ledger, as a
		 * time: the units this instance spent from its leases in the last such period (at
		 * least 1, at most what is left).
		 */
		@NotNull
		private Duration leaseHorizon = Duration.ofMillis(500);

		/**
		 * Share of a standard bucket's burst that all instances together may admit from
		 * their local copies of it without asking Redis: each instance up to floor(share
		 * × burst / expected-instances) units between two synchronizations (Bucket4j's
		 * delaying optimization), so a standard bucket admits at most that share of its
		 * burst beyond burst + rate × t. 0, or a burst too small to give an instance one
		 * unit: every decision asks Redis (exact).
		 */
		@DecimalMin("0")
		@DecimalMax("1")
		private double unsynchronizedShare = 0.01;

		/**
		 * Longest an instance decides from its local copy of a standard bucket before it
		 * synchronizes again.
		 */
		@NotNull
		private Duration unsynchronizedFor = Duration.ofMillis(100);

		/**
		 * Whether the capacity gates are shared by all instances (one Redis bucket per
		 * resource type, leased in chunks); false keeps each instance's gate local at the
		 * full capacity.
		 */
		private boolean sharedGate = true;

		/**
		 * How many entries the usage stream keeps (XADD MAXLEN): with
		 * predictive.usage.sink=redis, one entry per instance per step (more when a
		 * step's records exceed usage.max-batch); it must cover the longest time a
		 * sidecar may be down and still catch up.
		 */
		@Min(1)
		private long usageStreamMaxEntries = 100_000;

		public long getUsageStreamMaxEntries() {
			return this.usageStreamMaxEntries;
		}

		public void setUsageStreamMaxEntries(long usageStreamMaxEntries) {
			this.usageStreamMaxEntries = usageStreamMaxEntries;
		}

		public boolean isSharedGate() {
			return this.sharedGate;
		}

		public void setSharedGate(boolean sharedGate) {
			this.sharedGate = sharedGate;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public String getFailurePolicy() {
			return this.failurePolicy;
		}

		public void setFailurePolicy(String failurePolicy) {
			this.failurePolicy = failurePolicy;
		}

		public int getExpectedInstances() {
			return this.expectedInstances;
		}

		public void setExpectedInstances(int expectedInstances) {
			this.expectedInstances = expectedInstances;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getCircuitOpenFor() {
			return this.circuitOpenFor;
		}

		public void setCircuitOpenFor(Duration circuitOpenFor) {
			this.circuitOpenFor = circuitOpenFor;
		}

		public int getCircuitWindow() {
			return this.circuitWindow;
		}

		public void setCircuitWindow(int circuitWindow) {
			this.circuitWindow = circuitWindow;
		}

		public int getCircuitMinCalls() {
			return this.circuitMinCalls;
		}

		public void setCircuitMinCalls(int circuitMinCalls) {
			this.circuitMinCalls = circuitMinCalls;
		}

		public Duration getLeaseHorizon() {
			return this.leaseHorizon;
		}

		public double getUnsynchronizedShare() {
			return this.unsynchronizedShare;
		}

		public void setUnsynchronizedShare(double unsynchronizedShare) {
			this.unsynchronizedShare = unsynchronizedShare;
		}

		public Duration getUnsynchronizedFor() {
			return this.unsynchronizedFor;
		}

		public void setUnsynchronizedFor(Duration unsynchronizedFor) {
			this.unsynchronizedFor = unsynchronizedFor;
		}

		public void setLeaseHorizon(Duration leaseHorizon) {
			this.leaseHorizon = leaseHorizon;
		}

	}

}
