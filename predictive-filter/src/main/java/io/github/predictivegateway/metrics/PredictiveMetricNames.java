package io.github.predictivegateway.metrics;

/**
 * Every Micrometer meter name and tag key of predictive admission, in one place, under
 * the prefix {@value #PREFIX}. Names are lowercase dotted words (Micrometer turns them
 * into each backend's convention); tag values are bounded: resource types are declared in
 * configuration, classes and outcomes are fixed sets, and no tag ever carries a raw
 * tenant id.
 */
public final class PredictiveMetricNames {

	public static final String PREFIX = "predictive.";

	/**
	 * Counter: final decisions of the filter. Tags: {@link #RESOURCE}; {@link #TENANT}
	 * (bounded by {@link TenantTags}); {@link #CLASS}, the decision's class
	 * ({@code preallocated}, {@code standard}, {@code queued}, {@code throttled},
	 * {@code timed-out}, {@code queue-full}, {@code rejected-key}); {@link #OUTCOME}
	 * ({@code admitted}, {@code rejected}). The throttling rate is
	 * {@code class="throttled"} over all.
	 */
	public static final String DECISIONS = PREFIX + "decisions";

	/**
	 * Gauge: requests waiting in the admission queue of a resource type. Tag:
	 * {@link #RESOURCE}.
	 */
	public static final String QUEUE_LENGTH = PREFIX + "queue.length";

	/**
	 * Timer: how long requests waited in the admission queue, from entering it to leaving
	 * it. Tags: {@link #RESOURCE}, {@link #CLASS}, {@link #OUTCOME} ({@code admitted},
	 * {@code timed-out}, {@code cancelled}, {@code displaced}).
	 */
	public static final String QUEUE_WAIT = PREFIX + "queue.wait";

	/**
	 * Counter: queued requests answered 503 because their class's maximum wait passed.
	 * Tags: resource, class.
	 */
	public static final String QUEUE_TIMEOUTS = PREFIX + "queue.timeouts";

	/**
	 * Counter: requests answered 503 without waiting their time: the queue was full
	 * ({@code reason=full}), or a request of a higher class took their place
	 * ({@code reason=displaced}). Tags: resource, class, reason.
	 */
	public static final String QUEUE_REJECTIONS = PREFIX + "queue.rejections";

	/**
	 * Counter: requests that passed the capacity gate, at once or after waiting. Tags:
	 * resource, class, {@link #QUEUED} ({@code true}, {@code false}).
	 */
	public static final String GATE_ADMITTED = PREFIX + "gate.admitted";

	/**
	 * Gauge: engine seconds since the forecaster last answered (new snapshot or 304); NaN
	 * before it ever did.
	 */
	public static final String FORECAST_AGE = PREFIX + "forecast.age";

	/**
	 * Gauge: 1 while forecasts are past the staleness limit (pre-allocation decaying or
	 * off), else 0.
	 */
	public static final String FORECAST_STALE = PREFIX + "forecast.stale";

	/** Counter: forecast series dropped as invalid. */
	public static final String FORECAST_SERIES_DROPPED = PREFIX + "forecast.series.dropped";

	/**
	 * Counter: forecast pulls from the sidecar that failed after their retries (or met an
	 * open circuit).
	 */
	public static final String FORECAST_PULL_FAILURES = PREFIX + "forecast.pull.failures";

	/**
	 * Gauge: 1 while the forecaster's last pull from the sidecar succeeded (new snapshot
	 * or 304), 0 after a failed one; NaN before the first pull or when no sidecar is
	 * configured.
	 */
	public static final String SIDECAR_UP = PREFIX + "sidecar.up";

	/**
	 * Gauge: the adjustment multiplier of a listed tenant's series (1 until it moves).
	 * Tags: {@link #RESOURCE}, {@link #TENANT} (listed tenants only).
	 */
	public static final String ADJUSTMENT_MULTIPLIER = PREFIX + "adjustment.multiplier";

	/**
	 * Counter: forecast pulls the sidecar answered with nothing usable (not JSON, another
	 * step, larger than {@code predictive.forecast.max-snapshot-size}, every series
	 * invalid); the last good snapshot stays.
	 */
	public static final String FORECAST_PULL_REFUSALS = PREFIX + "forecast.pull.refusals";

	/** Gauge: the highest adjustment multiplier over all series (1 when none moved). */
	public static final String ADJUSTMENT_MULTIPLIER_MAX = PREFIX + "adjustment.multiplier.max";

	/** Gauge: the lowest adjustment multiplier over all series (1 when none moved). */
	public static final String ADJUSTMENT_MULTIPLIER_MIN = PREFIX + "adjustment.multiplier.min";

	/**
	 * Counter: burst steps, where a series' offered demand exceeded its forecast's upper
	 * bound.
	 */
	public static final String ADJUSTMENT_BURSTS = PREFIX + "adjustment.bursts";

	/** Counter: usage records the forecaster accepted. */
	public static final String USAGE_PUBLISHED = PREFIX + "usage.published";

	/** Counter: usage records dropped because the publishing buffer was full. */
	public static final String USAGE_DROPPED = PREFIX + "usage.dropped";

	/**
	 * Counter: usage records dropped as invalid: refused by the forecaster (a {@code 400}
	 * naming them, or a single record answered {@code 413}), or that it would refuse (an
	 * id too long, with control characters or half a surrogate pair).
	 */
	public static final String USAGE_REJECTED = PREFIX + "usage.rejected";

	/**
	 * Counter: attempts to publish a usage batch that failed (no answer, a timeout, an
	 * error status other than {@code 400} and {@code 413}).
	 */
	public static final String USAGE_PUBLISH_FAILURES = PREFIX + "usage.publish.failures";

	/**
	 * Gauge: attempts to publish usage that failed in a row; 0 once the forecaster
	 * answers. {@code UsagePublishFailing} fires while it stays at 1 or more.
	 */
	public static final String USAGE_PUBLISH_FAILING = PREFIX + "usage.publish.failing";

	/** Gauge: usage records waiting to be published. */
	public static final String USAGE_BUFFERED = PREFIX + "usage.buffered";

	/**
	 * Counter: requests not counted in usage because their step already held the most
	 * tenants allowed.
	 */
	public static final String USAGE_OVERFLOW = PREFIX + "usage.overflow";

	/**
	 * Counter: calls to Redis in distributed mode, by {@link #OUTCOME}: {@code success},
	 * {@code error}, {@code timeout} (no answer within {@code predictive.redis.timeout}),
	 * {@code rejected} (circuit open, Redis not asked).
	 */
	public static final String REDIS_CALLS = PREFIX + "redis.calls";

	/** Timer: duration of the Redis calls that succeeded. */
	public static final String REDIS_LATENCY = PREFIX + "redis.latency";

	/**
	 * Gauge: the Redis circuit breaker's state: 0 closed (healthy), 1 half-open
	 * (probing), 2 open (Redis down).
	 */
	public static final String REDIS_CIRCUIT_STATE = PREFIX + "redis.circuit.state";

	/** Gauge: 1 while the Redis connection is open, 0 otherwise. */
	public static final String REDIS_CONNECTED = PREFIX + "redis.connected";

	/**
	 * Counter: requests decided without Redis because it could not answer, by
	 * {@link #RESOURCE} and {@link #POLICY}: {@code fail-open} (decided by this
	 * instance's fallback bucket) or {@code fail-closed} (answered 503).
	 */
	public static final String REDIS_FALLBACKS = PREFIX + "redis.fallbacks";

	/**
	 * Counter: pre-allocated units leased from the shared reservation ledger, by
	 * {@link #RESOURCE} and {@link #OUTCOME}: {@code leased} (taken into this instance's
	 * memory), {@code returned} (given back unused).
	 */
	public static final String LEASE_UNITS = PREFIX + "lease.units";

	/**
	 * Counter: units of pre-allocation granted, per closed step. Tags: {@link #RESOURCE},
	 * {@link #TENANT}.
	 */
	public static final String PREALLOCATION_GRANTED = PREFIX + "preallocation.granted";

	/**
	 * Counter: units of pre-allocation spent by the end of their step. Tags: resource,
	 * tenant.
	 */
	public static final String PREALLOCATION_USED = PREFIX + "preallocation.used";

	/**
	 * Counter: units of pre-allocation left unspent at the end of their step (granted −
	 * used). Tags: resource, tenant.
	 */
	public static final String PREALLOCATION_WASTED = PREFIX + "preallocation.wasted";

	/**
	 * Counter: of the wasted units, those lent to other tenants' standard requests
	 * (README "Observing closed steps"). Tags: resource, tenant (the lender).
	 */
	public static final String PREALLOCATION_LENT = PREFIX + "preallocation.lent";

	/**
	 * Counter: units added to grants within their step: top-ups of tenants whose demand
	 * ran ahead of their grant, from capacity nobody had reserved (local mode). Tag:
	 * {@link #RESOURCE}.
	 */
	public static final String PREALLOCATION_TOPPED_UP = PREFIX + "preallocation.topped.up";

	/**
	 * Counter: units of grants released within their step, left idle past their pace
	 * (local mode). Tag: {@link #RESOURCE}.
	 */
	public static final String PREALLOCATION_RELEASED = PREFIX + "preallocation.released";

	/**
	 * Gauge: series whose standard bucket's refill is lifted above the plan's rate now,
	 * toward its max-rate, while refused with capacity nobody reserved idle (local mode).
	 * Tag: {@link #RESOURCE}.
	 */
	public static final String STANDARD_RATE_LIFTED = PREFIX + "standard.rate.lifted";

	/**
	 * Counter: times a series' standard refill was lifted from the plan's rate (a lift
	 * lasting several windows counts once). Tag: {@link #RESOURCE}.
	 */
	public static final String STANDARD_RATE_LIFTS = PREFIX + "standard.rate.lifts";

	/**
	 * Gauge: rolling MASE of the forecasts over the last closed steps
	 * (predictive.metrics.accuracy-window). Tags: resource, tenant ({@code other}: pooled
	 * over the unlisted tenants).
	 */
	public static final String FORECAST_MASE = PREFIX + "forecast.mase";

	/**
	 * Gauge: rolling share of closed steps whose demand fell inside the forecast
	 * interval. Tags: resource, tenant.
	 */
	public static final String FORECAST_COVERAGE = PREFIX + "forecast.coverage";

	/**
	 * Gauge: alerts firing, by {@link #ALERTNAME}: how many label sets of that alert rule
	 * are firing.
	 */
	public static final String ALERTS_FIRING = PREFIX + "alerts.firing";

	/**
	 * Counter: alert notifications that could not be delivered to the webhook after their
	 * retries.
	 */
	public static final String ALERTS_NOTIFICATION_FAILURES = PREFIX + "alerts.notification.failures";

	/**
	 * Spring Cloud Gateway's own timer of routed requests, under its default prefix
	 * ({@code spring.cloud.gateway.server.webflux.metrics.prefix}); registered by Gateway
	 * where Micrometer metrics are auto-configured (e.g. with Actuator), never by this
	 * plugin. Tags read here: {@link #GATEWAY_ROUTE_ID}, {@link #GATEWAY_ROUTE_URI},
	 * {@link #GATEWAY_HTTP_STATUS_CODE}. The {@code UpstreamTimeouts} alert reads it.
	 */
	public static final String GATEWAY_REQUESTS = "spring.cloud.gateway.requests";

	/** Tag key of {@link #GATEWAY_REQUESTS}: the route's id. */
	public static final String GATEWAY_ROUTE_ID = "routeId";

	/** Tag key of {@link #GATEWAY_REQUESTS}: the route's upstream URI. */
	public static final String GATEWAY_ROUTE_URI = "routeUri";

	/**
	 * Tag key of {@link #GATEWAY_REQUESTS}: the status code answered, e.g. {@code 504}.
	 */
	public static final String GATEWAY_HTTP_STATUS_CODE = "httpStatusCode";

	/** Tag key: the name of an alert rule. */
	public static final String ALERTNAME = "alertname";

	/**
	 * Tag key: the tenant, bounded by {@link TenantTags}: a listed tenant's id, or
	 * {@value TenantTags#OTHER} for everyone else.
	 */
	public static final String TENANT = "tenant";

	/** Tag key: the failure policy of a route. */
	public static final String POLICY = "policy";

	/** Tag key: the resource type. */
	public static final String RESOURCE = "resource";

	/**
	 * Tag key: the priority class in the queue ({@code preallocated}, {@code standard}).
	 */
	public static final String CLASS = "class";

	/** Tag key: how a wait ended. */
	public static final String OUTCOME = "outcome";

	/** Tag key: why a request was rejected. */
	public static final String REASON = "reason";

	/** Tag key: whether a request waited in the queue. */
	public static final String QUEUED = "queued";

	private PredictiveMetricNames() {
	}

}
