package io.github.predictivegateway.filter;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.HasRouteId;

/**
 * The {@code PredictiveRateLimiter} route filter: admits requests per tenant and resource
 * type from the tenant's pre-allocation first, then its standard bucket, and answers
 * {@code 429} otherwise; admitted requests then take their cost from the resource type's
 * capacity gate, waiting in its priority queue while it is full, and are answered
 * {@code 503} if it cannot take them in time.
 *
 * <pre>
 * filters:
 *   - name: PredictiveRateLimiter
 *     args:
 *       resource: db             # resource type of this route (declared in predictive.capacity)
 *       cost: 1                  # or content-length, or another whole number of units
 *       tenant-resolver: "#{&#64;myTenantResolver}"   # optional; a KeyResolver works too, as key-resolver
 *       shadow-mode: true        # optional: decide and report, enforce nothing
 *       chunked-bodies: refuse   # optional, content-length routes: 411 for a body without Content-Length
 * # or, in the shortcut form:
 *   - PredictiveRateLimiter=db, 1
 * </pre>
 *
 * Arguments a route leaves unset come from the factory-wide {@link FilterDefaults}
 * ({@code predictive.*}).
 */
public class PredictiveRateLimiterGatewayFilterFactory
		extends AbstractGatewayFilterFactory<PredictiveRateLimiterGatewayFilterFactory.Config> {

	/** Route argument naming the resource type. */
	public static final String RESOURCE_KEY = "resource";

	/** Route argument setting the cost. */
	public static final String COST_KEY = "cost";

	private final AdmissionStages stages;

	private final ResourceTypes resources;

	private final FilterDefaults defaults;

	/**
	 * @param stages what every route's filter shares: the engine, the capacity gates'
	 * queues, usage counting, distributed mode's failover, the decision meters
	 * @param resources the declared resource types a route may name
	 * @param defaults the arguments of routes that set none
	 */
	public PredictiveRateLimiterGatewayFilterFactory(AdmissionStages stages, ResourceTypes resources,
			FilterDefaults defaults) {
		super(Config.class);
		this.stages = stages;
		this.resources = resources;
		this.defaults = defaults;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of(RESOURCE_KEY, COST_KEY);
	}

	@Override
	public GatewayFilter apply(Config config) {
		ResourceType resource = resolveResource(config);
		RequestCost cost;
		try {
			cost = RequestCost.parse(config.getCost());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where(config) + ex.getMessage(), ex);
		}
		TenantResolver resolver = this.defaults.tenantResolver();
		if (config.getTenantResolver() != null) {
			resolver = config.getTenantResolver();
		}
		else if (config.getKeyResolver() != null) {
			resolver = TenantResolver.of(config.getKeyResolver());
		}
		FailurePolicy policy = null;
		if (config.getFailurePolicy() != null) {
			try {
				policy = FailurePolicy.parse(config.getFailurePolicy());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(where(config) + ex.getMessage(), ex);
			}
		}
		if (policy == null) {
			StoreFailover failover = this.stages.failover();
			policy = (failover != null) ? failover.defaultPolicy() : FailurePolicy.FAIL_OPEN;
		}
		ChunkedBodies chunked = this.defaults.chunkedBodies();
		if (config.getChunkedBodies() != null) {
			try {
				chunked = ChunkedBodies.parse(config.getChunkedBodies());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(where(config) + ex.getMessage(), ex);
			}
		}
		RouteSettings route = new RouteSettings(resource, cost, resolver,
				orDefault(config.getDenyEmptyTenant(), this.defaults.denyEmptyTenant()),
				(config.getEmptyTenantStatus() != null) ? StatusCodes.parse(config.getEmptyTenantStatus())
						: this.defaults.emptyTenantStatus(),
				(config.getAnonymousTenant() != null) ? config.getAnonymousTenant() : this.defaults.anonymousTenant(),
				orDefault(config.getIncludeHeaders(), this.defaults.includeHeaders()), this.defaults.maxTenantLength(),
				orDefault(config.getShadowMode(), false), policy, chunked);
		return new PredictiveRateLimiterFilter(this.stages, route);
	}

	private ResourceType resolveResource(Config config) {
		if (config.getResource() == null || config.getResource().isBlank()) {
			throw new IllegalArgumentException(where(config) + "the 'resource' argument is required; declared "
					+ "resource types: " + this.resources.all().stream().map(ResourceType::name).toList());
		}
		try {
			return this.resources.get(config.getResource());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where(config) + ex.getMessage() + " (predictive.capacity)", ex);
		}
	}

	private static String where(Config config) {
		return "PredictiveRateLimiter"
				+ ((config.getRouteId() != null) ? " on route '" + config.getRouteId() + "'" : "") + ": ";
	}

	private static boolean orDefault(@Nullable Boolean value, boolean fallback) {
		return (value != null) ? value : fallback;
	}

	/** One route's arguments; unset ones fall back to the factory-wide defaults. */
	public static class Config implements HasRouteId {

		private @Nullable String resource;

		private @Nullable String cost;

		private @Nullable TenantResolver tenantResolver;

		private @Nullable KeyResolver keyResolver;

		private @Nullable Boolean denyEmptyTenant;

		private @Nullable String emptyTenantStatus;

		private @Nullable String anonymousTenant;

		private @Nullable Boolean includeHeaders;

		private @Nullable String routeId;

		private @Nullable Boolean shadowMode;

		private @Nullable String failurePolicy;

		private @Nullable String chunkedBodies;

		/**
		 * {@code meter} or {@code refuse}: see {@link ChunkedBodies}; routes with
		 * {@code cost: content-length} only.
		 */
		public @Nullable String getChunkedBodies() {
			return this.chunkedBodies;
		}

		public Config setChunkedBodies(String chunkedBodies) {
			this.chunkedBodies = chunkedBodies;
			return this;
		}

		public @Nullable Boolean getShadowMode() {
			return this.shadowMode;
		}

		/**
		 * Decide and report every request, enforce nothing: throttled requests pass,
		 * marked.
		 */
		public Config setShadowMode(Boolean shadowMode) {
			this.shadowMode = shadowMode;
			return this;
		}

		/**
		 * {@code fail-open} or {@code fail-closed}: see {@link FailurePolicy};
		 * distributed mode only.
		 */
		public @Nullable String getFailurePolicy() {
			return this.failurePolicy;
		}

		public Config setFailurePolicy(String failurePolicy) {
			this.failurePolicy = failurePolicy;
			return this;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public Config setResource(String resource) {
			this.resource = resource;
			return this;
		}

		public @Nullable String getCost() {
			return this.cost;
		}

		public Config setCost(String cost) {
			this.cost = cost;
			return this;
		}

		public @Nullable TenantResolver getTenantResolver() {
			return this.tenantResolver;
		}

		public Config setTenantResolver(TenantResolver tenantResolver) {
			this.tenantResolver = tenantResolver;
			return this;
		}

		public @Nullable KeyResolver getKeyResolver() {
			return this.keyResolver;
		}

		public Config setKeyResolver(KeyResolver keyResolver) {
			this.keyResolver = keyResolver;
			return this;
		}

		public @Nullable Boolean getDenyEmptyTenant() {
			return this.denyEmptyTenant;
		}

		public Config setDenyEmptyTenant(Boolean denyEmptyTenant) {
			this.denyEmptyTenant = denyEmptyTenant;
			return this;
		}

		public @Nullable String getEmptyTenantStatus() {
			return this.emptyTenantStatus;
		}

		public Config setEmptyTenantStatus(String emptyTenantStatus) {
			this.emptyTenantStatus = emptyTenantStatus;
			return this;
		}

		public @Nullable String getAnonymousTenant() {
			return this.anonymousTenant;
		}

		public Config setAnonymousTenant(String anonymousTenant) {
			this.anonymousTenant = anonymousTenant;
			return this;
		}

		public @Nullable Boolean getIncludeHeaders() {
			return this.includeHeaders;
		}

		public Config setIncludeHeaders(Boolean includeHeaders) {
			this.includeHeaders = includeHeaders;
			return this;
		}

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

	}

}
