package io.github.predictivegateway.admission;

import java.util.concurrent.CompletableFuture;

import io.github.bucket4j.ConsumptionProbe;
import io.github.predictivegateway.bucket.ShadowBucket;
import io.github.predictivegateway.bucket.StandardBuckets;
import io.github.predictivegateway.plan.Plan;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * The tenant stage of admission, in this order:
 * <ol>
 * <li><b>pre-allocation</b>: if the tenant's shadow bucket for the current step holds at least the cost, the cost
 * is taken there and the standard bucket is not touched;</li>
 * <li><b>standard bucket</b>: otherwise the tenant's ordinary token bucket;</li>
 * <li><b>throttle</b>: otherwise the request is refused, with the whole seconds until the standard bucket would
 * hold the cost (or, when the cost exceeds the burst and only a pre-allocation could serve it, until the next
 * step).</li>
 * </ol>
 * Plain Java, no blocking: safe to call on an event loop. The shadow bucket is in memory; the standard bucket is
 * wherever {@link StandardBuckets} keeps it (memory, or Redis in distributed mode), so the answer is a future that
 * is already complete unless a remote store is asked.
 */
public final class AdmissionEngine {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final PlanCatalogs plans;

	private final StandardBuckets standard;

	private final ShadowBucketTable shadows;

	private final Steps steps;

	private final TimeSource time;

	public AdmissionEngine(PlanCatalog plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time) {
		this(PlanCatalogs.of(plans), standard, shadows, steps, time);
	}

	/** @param plans the plans in force, read once per decision (a reloaded plans file is seen by the next one) */
	public AdmissionEngine(PlanCatalogs plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time) {
		this.plans = plans;
		this.standard = standard;
		this.shadows = shadows;
		this.steps = steps;
		this.time = time;
	}

	/**
	 * Decides one request of {@code cost} units of {@code resource} for {@code tenant}, when the standard buckets
	 * answer at once (in memory).
	 * @throws IllegalArgumentException if {@code cost < 1}
	 * @throws IllegalStateException if the standard buckets answer later (a remote store): use
	 * {@link #admitAsync(String, ResourceType, long)}
	 */
	public AdmissionResult admit(String tenant, ResourceType resource, long cost) {
		CompletableFuture<AdmissionResult> result = admitAsync(tenant, resource, cost);
		if (!result.isDone()) {
			throw new IllegalStateException("the standard buckets are remote; use admitAsync");
		}
		return result.join();
	}

	/**
	 * Decides one request of {@code cost} units of {@code resource} for {@code tenant}.
	 * @return the result; already complete for a pre-allocated request and for buckets in memory; completed
	 * exceptionally with the store's exception when the standard buckets could not answer
	 * @throws IllegalArgumentException if {@code cost < 1}
	 */
	public CompletableFuture<AdmissionResult> admitAsync(String tenant, ResourceType resource, long cost) {
		return admitAsync(tenant, resource, cost, this.standard);
	}

	/**
	 * The same decision, with {@code standard} in place of the engine's standard buckets: distributed mode's
	 * fail-open policy passes this instance's local fallback buckets when the shared store is down.
	 */
	public CompletableFuture<AdmissionResult> admitAsync(String tenant, ResourceType resource, long cost,
			StandardBuckets standard) {
		if (cost < 1) {
			throw new IllegalArgumentException("cost must be at least 1 unit, got " + cost);
		}
		long now = this.time.epochNanos();
		Plan plan = this.plans.get().planFor(tenant);
		ShadowBucket shadow = this.shadows.find(tenant, resource, now);
		if (shadow != null) {
			long left = shadow.tryConsume(cost);
			if (left >= 0) {
				return CompletableFuture.completedFuture(new AdmissionResult(Decision.PREALLOCATED, cost, left, 0,
						ceilSeconds(this.steps.nanosToNextStep(now)), plan.name(), plan.limit(resource)));
			}
		}
		CompletableFuture<ConsumptionProbe> probe = standard.tryConsume(tenant, resource, cost);
		if (probe.isDone() && !probe.isCompletedExceptionally()) {
			return CompletableFuture.completedFuture(standardResult(probe.join(), plan, resource, cost, now));
		}
		return probe.thenApply(p -> standardResult(p, plan, resource, cost, now));
	}

	private AdmissionResult standardResult(ConsumptionProbe probe, Plan plan, ResourceType resource, long cost,
			long now) {
		if (probe.isConsumed()) {
			ResourceLimit limit = plan.limit(resource);
			long refill = (long) Math.ceil((limit.burst() - probe.getRemainingTokens()) / limit.rate());
			return new AdmissionResult(Decision.STANDARD, cost, probe.getRemainingTokens(), 0, refill, plan.name(),
					limit);
		}
		long waitNanos = probe.getNanosToWaitForRefill();
		if (waitNanos == Long.MAX_VALUE) {
			waitNanos = this.steps.nanosToNextStep(now);
		}
		long retryAfter = Math.max(1, ceilSeconds(waitNanos));
		return new AdmissionResult(Decision.THROTTLED, cost, probe.getRemainingTokens(), retryAfter,
				retryAfter, plan.name(), plan.limit(resource));
	}

	private static long ceilSeconds(long nanos) {
		return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
	}

}
