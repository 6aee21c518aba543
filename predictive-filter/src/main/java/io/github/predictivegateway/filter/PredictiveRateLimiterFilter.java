package io.github.predictivegateway.filter;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.gate.GateFailureException;
import io.github.predictivegateway.gate.GateResult;
import io.github.predictivegateway.gate.PriorityClass;
import io.github.predictivegateway.metrics.DecisionMeters;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.TenantIds;
import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.UsageCell;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * One route's {@code PredictiveRateLimiter}: resolves the tenant, prices the request,
 * asks the engine (the tenant stage), then the resource type's capacity gate (the second
 * stage, where it may wait in the admission queue), and either passes the request on or
 * answers it. Nothing blocks: the engine answers at once from memory, or later through a
 * future when the standard buckets are in Redis, and a wait at the gate is a {@code Mono}
 * the queue completes, so the whole filter runs on the event loop.
 *
 * <p>
 * A request the gate refuses never reached the backend: what the tenant stage took for it
 * is given back ({@link AdmissionEngine#refund}), so that the tenant's retry is not
 * answered 429 for budget it never used. A wait whose client went away is not given back:
 * the gateway did not refuse it (usage counts it admitted), and telling it from a
 * cancelled upstream call would cost every admitted request an operator.
 *
 * <p>
 * Every decided request is counted for usage feedback (a few counter increments; a
 * refusal at the gate is counted as not admitted) and, once passed on, its upstream time
 * is measured around the rest of the chain. In shadow mode nothing is enforced: a request
 * the engine would throttle passes, marked {@code X-Predictive-Decision: throttled} and
 * {@code X-Predictive-Shadow: true}, counted as throttled, and shadow routes do not take
 * capacity from the gate (they would wait or be refused there).
 *
 * <p>
 * The final decision of every decided request is counted in {@link DecisionMeters}: the
 * tenant stage's class, {@code queued} for a request admitted after waiting at the gate,
 * {@code timed-out} or {@code queue-full} for one the gate refused, {@code rejected-key}
 * for a request without a tenant. Requests answered 400, fail-closed refusals while Redis
 * is down (counted by {@code predictive.redis.fallbacks}) and waits whose client went
 * away (counted by {@code predictive.queue.wait}) carry no decision.
 *
 * <p>
 * A request that could never be admitted, whatever it waited, is answered 413 before
 * either stage is asked, with no {@code Retry-After}: one costing more than the tenant
 * stage ever takes at once ({@link AdmissionEngine#largestCost}: the tenant's burst, or
 * its largest possible pre-allocation), or more than the capacity gate lets through
 * within the longest wait of the queue ({@link AdmissionQueues#largestRequest}). It
 * carries no decision and is not counted as demand (like a 400: it is not a request the
 * backend could serve); shadow routes, which enforce nothing, pass it. If the queue fails
 * while deciding a request ({@link GateFailureException}), the request is answered 500,
 * what the tenant stage took is given back, and the failure is logged.
 */
final class PredictiveRateLimiterFilter implements GatewayFilter {

	/**
	 * Exchange attribute holding the {@link AdmissionResult} of the request, for filters
	 * and handlers after it.
	 */
	static final String RESULT_ATTRIBUTE = PredictiveRateLimiterFilter.class.getName() + ".result";

	/**
	 * Exchange attribute holding the {@link GateResult} of the request, once it passed
	 * the tenant stage.
	 */
	static final String GATE_RESULT_ATTRIBUTE = PredictiveRateLimiterFilter.class.getName() + ".gateResult";

	/**
	 * Exchange attribute present when the request was decided with distributed mode's
	 * fallback buckets, followed by the resource type's name (a route may charge
	 * several).
	 */
	private static final String FALLBACK_ATTRIBUTE = PredictiveRateLimiterFilter.class.getName() + ".fallback.";

	private static final String NO_TENANT = "";

	private static final Log logger = LogFactory.getLog(PredictiveRateLimiterFilter.class);

	private final AdmissionEngine engine;

	private final @Nullable AdmissionQueues queues;

	private final @Nullable UsageAggregator usage;

	private final @Nullable StoreFailover failover;

	private final DecisionMeters decisions;

	private final ResourceType resource;

	private final RequestCost cost;

	private final TenantResolver tenantResolver;

	private final boolean denyEmptyTenant;

	private final HttpStatusCode emptyTenantStatus;

	private final @Nullable String anonymousTenant;

	private final boolean includeHeaders;

	private final int maxTenantLength;

	private final boolean shadowMode;

	private final FailurePolicy failurePolicy;

	private final ChunkedBodies chunkedBodies;

	private final String fallbackAttribute;

	/**
	 * Held as fields, not as the two records, so the request path reads each directly.
	 */
	PredictiveRateLimiterFilter(AdmissionStages stages, RouteSettings route) {
		this.engine = stages.engine();
		this.queues = stages.queues();
		this.usage = stages.usage();
		this.failover = stages.failover();
		this.decisions = stages.decisions();
		this.resource = route.resource();
		this.cost = route.cost();
		this.tenantResolver = route.tenantResolver();
		this.denyEmptyTenant = route.denyEmptyTenant();
		this.emptyTenantStatus = route.emptyTenantStatus();
		this.anonymousTenant = (route.anonymousTenant() != null) ? TenantIds.canonical(route.anonymousTenant()) : null;
		this.includeHeaders = route.includeHeaders();
		this.maxTenantLength = route.maxTenantLength();
		this.shadowMode = route.shadowMode();
		this.failurePolicy = route.failurePolicy();
		this.chunkedBodies = route.chunkedBodies();
		this.fallbackAttribute = FALLBACK_ATTRIBUTE + this.resource.name();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return EarlierCharges.giveBackUnlessPassed(exchange, chain, next -> this.tenantResolver.resolve(exchange)
			.defaultIfEmpty(NO_TENANT)
			.onErrorResume(InvalidRequestException.class,
					ex -> AdmissionResponses.badRequest(exchange, ex.getMessage() + ".").then(Mono.<String>empty()))
			.flatMap(tenant -> admit(exchange, next, tenant)));
	}

	private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, String resolved) {
		String tenant = resolved.isBlank() ? this.anonymousTenant : TenantIds.canonical(resolved);
		if (tenant == null) {
			if (!this.denyEmptyTenant) {
				return chain.filter(exchange);
			}
			this.decisions.record(null, this.resource, Decision.REJECTED_KEY);
			return AdmissionResponses.missingTenant(exchange, this.emptyTenantStatus);
		}
		String invalid = TenantIdRule.violation(tenant, this.maxTenantLength);
		if (invalid != null) {
			return AdmissionResponses.badRequest(exchange, invalid);
		}
		long units;
		try {
			units = this.cost.of(exchange.getRequest());
		}
		catch (InvalidRequestException ex) {
			return AdmissionResponses.badRequest(exchange, ex.getMessage() + ".");
		}
		if (!this.shadowMode && this.chunkedBodies == ChunkedBodies.REFUSE && this.cost.isContentLength()
				&& RequestCost.isChunked(exchange.getRequest())) {
			return AdmissionResponses.lengthRequired(exchange, this.resource);
		}
		if (!this.shadowMode) {
			Mono<Void> neverFits = neverFits(exchange, tenant, units);
			if (neverFits != null) {
				return neverFits;
			}
		}
		if (this.engine.decidesAtOnce()) {
			// local mode: the decision without a future
			return decided(exchange, chain, tenant, this.engine.admit(tenant, this.resource, units), units);
		}
		CompletableFuture<AdmissionResult> decided = this.engine.admitAsync(tenant, this.resource, units);
		if (decided.isDone() && !decided.isCompletedExceptionally()) {
			return decided(exchange, chain, tenant, decided.join(), units);
		}
		Mono<AdmissionResult> result = Mono.fromFuture(decided, true);
		if (this.failover == null) {
			return result.flatMap(r -> decided(exchange, chain, tenant, r, units));
		}
		return result.onErrorResume(RedisDown::is, ex -> storeFailed(exchange, tenant, units))
			.flatMap(r -> decided(exchange, chain, tenant, r, units))
			.onErrorResume(FailedClosed.class, ex -> AdmissionResponses.storeUnavailable(exchange, this.resource, units,
					this.failover.retryAfterSeconds(), this.includeHeaders));
	}

	/**
	 * 413 when {@code units} exceed what the tenant stage or the capacity gate could ever
	 * take for one request; {@code null} otherwise.
	 */
	private @Nullable Mono<Void> neverFits(ServerWebExchange exchange, String tenant, long units) {
		long tenantLargest = this.engine.largestCost(tenant, this.resource);
		if (units > tenantLargest) {
			return AdmissionResponses.neverFits(exchange, this.resource, units, tenantLargest,
					"the tenant's standard bucket holds at most its plan's burst, and no step's pre-allocation "
							+ "can grant it more");
		}
		AdmissionQueues queues = this.queues;
		if (queues != null) {
			long gateLargest = queues.largestRequest(this.resource);
			if (units > gateLargest) {
				return AdmissionResponses.neverFits(exchange, this.resource, units, gateLargest,
						"what the capacity gate lets through within the longest wait of its admission queue");
			}
		}
		return null;
	}

	/**
	 * Distributed mode, the shared store could not answer: the route's
	 * {@link FailurePolicy}. A request decided with this instance's fallback buckets is
	 * marked so, for {@link #refund}.
	 */
	private Mono<AdmissionResult> storeFailed(ServerWebExchange exchange, String tenant, long units) {
		StoreFailover failover = this.failover;
		failover.recordFallback(this.resource, this.failurePolicy);
		if (this.failurePolicy == FailurePolicy.FAIL_CLOSED) {
			return Mono.error(FailedClosed.INSTANCE);
		}
		exchange.getAttributes().put(this.fallbackAttribute, Boolean.TRUE);
		return Mono.fromFuture(failover.admitLocally(this.engine, tenant, this.resource, units), true);
	}

	/** The tenant stage's answer: refused, or on to the capacity gate. */
	private Mono<Void> decided(ServerWebExchange exchange, GatewayFilterChain chain, String tenant,
			AdmissionResult result, long units) {
		exchange.getAttributes().put(RESULT_ATTRIBUTE, result);
		UsageCell cell = null;
		if (this.usage != null) {
			cell = this.usage.cell(tenant, this.resource);
			cell.record(result.decision(), units, exchange.getRequest().getHeaders().getContentLength());
		}
		if (this.shadowMode || !result.admitted() || this.queues == null) {
			this.decisions.record(tenant, this.resource, result.decision());
		}
		if (this.shadowMode) {
			AdmissionResponses.addHeaders(exchange.getResponse(), result, this.resource);
			exchange.getResponse().getHeaders().set(PredictiveHeaders.SHADOW, "true");
			return proceed(exchange, chain, cell);
		}
		if (!result.admitted()) {
			return AdmissionResponses.throttled(exchange, result, this.resource, this.includeHeaders);
		}
		if (this.queues == null) {
			if (this.includeHeaders) {
				AdmissionResponses.addHeaders(exchange.getResponse(), result, this.resource);
			}
			charged(exchange, tenant, result, 0, cell);
			return forward(exchange, chain, tenant, cell);
		}
		UsageCell counted = cell;
		return this.queues.acquire(this.resource, PriorityClass.of(result.decision()), units)
			.flatMap(gate -> pass(exchange, chain, tenant, result, gate, counted))
			.onErrorResume(GateFailureException.class, ex -> gateFailed(exchange, tenant, result, counted, ex));
	}

	/** The admission queue failed while deciding the request: 500, nothing charged. */
	private Mono<Void> gateFailed(ServerWebExchange exchange, String tenant, AdmissionResult result,
			@Nullable UsageCell cell, GateFailureException ex) {
		logger.error("Admission queue of '" + this.resource.name() + "' failed deciding a request of " + result.cost()
				+ " unit(s); it is answered 500 and refunded", ex);
		if (cell != null) {
			cell.refusedAtGate();
		}
		refund(exchange, tenant, result);
		return AdmissionResponses.gateFailure(exchange, this.resource, result.cost());
	}

	/**
	 * The second stage's answer: on to the route, or 503. Requests throttled by the
	 * tenant stage never get here.
	 */
	private Mono<Void> pass(ServerWebExchange exchange, GatewayFilterChain chain, String tenant, AdmissionResult result,
			GateResult gate, @Nullable UsageCell cell) {
		exchange.getAttributes().put(GATE_RESULT_ATTRIBUTE, gate);
		if (gate.outcome() == GateResult.Outcome.NEVER_FITS) {
			// checked before the tenant stage; only a queue replaced by one with a lower
			// bound answers it here
			if (cell != null) {
				cell.refusedAtGate();
			}
			refund(exchange, tenant, result);
			return AdmissionResponses.neverFits(exchange, this.resource, result.cost(),
					this.queues.largestRequest(this.resource),
					"what the capacity gate lets through within the longest wait of its admission queue");
		}
		this.decisions.record(tenant, this.resource, finalDecision(result, gate));
		if (!gate.admitted()) {
			if (cell != null) {
				cell.refusedAtGate();
			}
			refund(exchange, tenant, result);
			return AdmissionResponses.unavailable(exchange, result, gate, this.resource, this.includeHeaders);
		}
		if (this.includeHeaders) {
			AdmissionResponses.addHeaders(exchange.getResponse(), result, this.resource);
			AdmissionResponses.addQueueHeaders(exchange.getResponse(), gate);
		}
		charged(exchange, tenant, result, result.cost(), cell);
		return forward(exchange, chain, tenant, cell);
	}

	/**
	 * Remembers what this filter took for an admitted request, for a later filter on the
	 * route that refuses it ({@link EarlierCharges}).
	 */
	private void charged(ServerWebExchange exchange, String tenant, AdmissionResult result, long gateUnits,
			@Nullable UsageCell cell) {
		EarlierCharges.add(exchange, () -> {
			if (cell != null) {
				cell.refusedAtGate();
			}
			refund(exchange, tenant, result);
			if (gateUnits > 0) {
				this.queues.release(this.resource, gateUnits);
			}
		});
	}

	/**
	 * On to the route; a body of unknown length on a {@code content-length} route is
	 * metered as it passes ({@link ChunkedBodies#METER}), and the chunk it refuses
	 * answered here, unless the upstream has answered already.
	 */
	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, String tenant,
			@Nullable UsageCell cell) {
		if (!this.cost.isContentLength() || this.chunkedBodies != ChunkedBodies.METER
				|| !RequestCost.lengthUnknown(exchange.getRequest())) {
			return proceed(exchange, chain, cell);
		}
		long largest = this.engine.largestCost(tenant, this.resource);
		if (this.queues != null) {
			largest = Math.min(largest, this.queues.largestRequest(this.resource));
		}
		MeteredBody body = new MeteredBody(this.engine, this.queues, this.resource, tenant, largest, cell);
		ServerWebExchange metered = exchange.mutate().request(body.meter(exchange.getRequest())).build();
		return proceed(metered, chain, cell).onErrorResume(ex -> MeteredBody.Refused.in(ex) != null,
				ex -> refusedChunk(metered, MeteredBody.Refused.in(ex), ex));
	}

	private Mono<Void> refusedChunk(ServerWebExchange exchange, MeteredBody.Refused refused, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		AdmissionResult result = refused.result;
		GateResult gate = refused.gate;
		if (result == null) {
			return AdmissionResponses.neverFits(exchange, this.resource, refused.passed, refused.largest,
					"its body, charged as it passed without a Content-Length, grew past what one request can "
							+ "ever be admitted for");
		}
		if (gate == null) {
			return AdmissionResponses.bodyThrottled(exchange, result, this.resource, refused.passed,
					this.includeHeaders);
		}
		return AdmissionResponses.unavailable(exchange, result, gate, this.resource, this.includeHeaders);
	}

	/**
	 * Gives the tenant back what the tenant stage took for a request the gate refused, to
	 * the buckets that decided it (distributed mode's fallback buckets if the shared
	 * store was down). Nothing waits on it: a remote store's failure is counted by its
	 * guard, and the response is the same either way.
	 */
	private void refund(ServerWebExchange exchange, String tenant, AdmissionResult result) {
		StoreFailover failover = this.failover;
		if (failover != null && exchange.getAttributes().containsKey(this.fallbackAttribute)) {
			failover.refundLocally(this.engine, tenant, this.resource, result);
		}
		else {
			this.engine.refund(tenant, this.resource, result);
		}
	}

	/**
	 * The decision after the gate: {@code queued} for a request admitted after waiting
	 * (whose header keeps the bucket's class and adds {@code X-Predictive-Queued-Ms}),
	 * otherwise the class the header names.
	 */
	private static Decision finalDecision(AdmissionResult result, GateResult gate) {
		return switch (gate.outcome()) {
			case ADMITTED -> gate.queued() ? Decision.QUEUED : result.decision();
			case TIMED_OUT -> Decision.TIMED_OUT;
			case QUEUE_FULL, CLOSED, NEVER_FITS -> Decision.QUEUE_FULL;
		};
	}

	/** On to the route, timing the upstream when usage is counted. */
	private static Mono<Void> proceed(ServerWebExchange exchange, GatewayFilterChain chain, @Nullable UsageCell cell) {
		if (cell == null) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally(signal -> cell.recordDuration(System.nanoTime() - start));
	}

	private static final class RedisDown {

		static boolean is(Throwable ex) {
			return ex instanceof StoreUnavailableException || ex.getCause() instanceof StoreUnavailableException;
		}

	}

	/** Signal, not a failure: a fail-closed route answers 503 (stackless, shared). */
	private static final class FailedClosed extends RuntimeException {

		static final FailedClosed INSTANCE = new FailedClosed();

		private FailedClosed() {
			super("fail-closed", null, false, false);
		}

	}

	@Override
	public String toString() {
		return "PredictiveRateLimiter[resource=" + this.resource.name() + ", cost=" + this.cost
				+ (this.shadowMode ? ", shadow-mode" : "") + "]";
	}

}
