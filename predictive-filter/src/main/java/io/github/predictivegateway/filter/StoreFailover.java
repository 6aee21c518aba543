package io.github.predictivegateway.filter;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.standard.StandardBuckets;

/**
 * What the filter does when the shared standard buckets cannot answer (see
 * {@link FailurePolicy}): the default policy of routes that set none, this instance's
 * fallback buckets for {@code fail-open}, and the {@code Retry-After} of a
 * {@code fail-closed} 503. Present only in distributed mode.
 */
public final class StoreFailover {

	private final FailurePolicy defaultPolicy;

	private final StandardBuckets fallback;

	private final long retryAfterSeconds;

	private final Counter[][] fallbacks;

	/**
	 * @param fallback this instance's buckets at its share of each plan
	 * @param retryAfterSeconds what a {@code fail-closed} 503 tells the client, whole
	 * seconds, at least 1
	 */
	public StoreFailover(FailurePolicy defaultPolicy, StandardBuckets fallback, long retryAfterSeconds,
			ResourceTypes resources, MeterRegistry registry) {
		this.defaultPolicy = defaultPolicy;
		this.fallback = fallback;
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
		FailurePolicy[] policies = FailurePolicy.values();
		this.fallbacks = new Counter[resources.size()][policies.length];
		for (ResourceType resource : resources.all()) {
			for (FailurePolicy policy : policies) {
				this.fallbacks[resource.index()][policy.ordinal()] = Counter
					.builder(PredictiveMetricNames.REDIS_FALLBACKS)
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.tag(PredictiveMetricNames.POLICY, policy.value())
					.register(registry);
			}
		}
	}

	public FailurePolicy defaultPolicy() {
		return this.defaultPolicy;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/** Counts a request decided without the shared store. */
	void recordFallback(ResourceType resource, FailurePolicy policy) {
		this.fallbacks[resource.index()][policy.ordinal()].increment();
	}

	/**
	 * Gives back what a {@code fail-open} decision took from this instance's fallback
	 * buckets.
	 */
	void refundLocally(AdmissionEngine engine, String tenant, ResourceType resource, AdmissionResult result) {
		engine.refund(tenant, resource, result, this.fallback);
	}

	/**
	 * The {@code fail-open} decision: the engine again, with this instance's fallback
	 * buckets.
	 */
	public CompletableFuture<AdmissionResult> admitLocally(AdmissionEngine engine, String tenant, ResourceType resource,
			long cost) {
		return engine.admitAsync(tenant, resource, cost, this.fallback);
	}

}
