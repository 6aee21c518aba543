package io.github.predictivegateway.admission;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.github.bucket4j.ConsumptionProbe;

import io.github.predictivegateway.plan.Cost;
import io.github.predictivegateway.plan.Plan;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.Shortfalls;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.standard.ImmediateStandardBuckets;
import io.github.predictivegateway.standard.ImmediateStandardBuckets.TenantBucket;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * The tenant stage of admission, in this order:
 * <ol>
 * <li><b>pre-allocation</b>: if the tenant's shadow bucket for the current step holds at
 * least the cost, the cost is taken there and the standard bucket is not touched;</li>
 * <li><b>standard bucket</b>: otherwise the tenant's ordinary token bucket;</li>
 * <li><b>throttle</b>: otherwise the request is refused, with the whole seconds until the
 * standard bucket would hold the cost (or, when the cost exceeds the burst and only a
 * pre-allocation could serve it, until the next step).</li>
 * </ol>
 * Plain Java, no blocking: safe to call on an event loop. The shadow bucket is in memory;
 * the standard bucket is wherever {@link StandardBuckets} keeps it (memory, or Redis in
 * distributed mode), so the answer is a future that is already complete unless a remote
 * store is asked.
 *
 * <p>
 * A request admitted here that the capacity gate then refuses never reached the backend:
 * {@link #refund} gives its units back to what served it.
 *
 * <p>
 * When the standard buckets are in memory ({@link ImmediateStandardBuckets}),
 * {@link #admit} decides without a future, and every decision allocates one object: its
 * {@link AdmissionResult}. A throttled request's wait comes from the bucket's state
 * ({@link TenantBucket#nanosToWait}), not from a Bucket4j probe.
 */
public final class AdmissionEngine {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final PlanCatalogs plans;

	private final StandardBuckets standard;

	private final ShadowBucketTable shadows;

	private final Steps steps;

	private final TimeSource time;

	private final double reservableFraction;

	private final @Nullable Shortfalls shortfalls;

	public AdmissionEngine(PlanCatalog plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time) {
		this(PlanCatalogs.of(plans), standard, shadows, steps, time);
	}

	/**
	 * @param plans the plans in force, read once per decision (a reloaded plans file is
	 * seen by the next one)
	 */
	public AdmissionEngine(PlanCatalogs plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time) {
		this(plans, standard, shadows, steps, time, 1.0);
	}

	/**
	 * @param reservableFraction the share of each resource type's capacity the
	 * pre-allocation cycle may reserve in one step, which bounds {@link #largestCost}
	 */
	public AdmissionEngine(PlanCatalogs plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time, double reservableFraction) {
		this(plans, standard, shadows, steps, time, reservableFraction, null);
	}

	/**
	 * @param shortfalls where each refusal is counted for the in-step top-ups
	 * ({@code null}: not counted)
	 */
	public AdmissionEngine(PlanCatalogs plans, StandardBuckets standard, ShadowBucketTable shadows, Steps steps,
			TimeSource time, double reservableFraction, @Nullable Shortfalls shortfalls) {
		this.shortfalls = shortfalls;
		this.plans = plans;
		this.standard = standard;
		this.shadows = shadows;
		this.steps = steps;
		this.time = time;
		this.reservableFraction = reservableFraction;
	}

	/**
	 * The most units one request of {@code tenant} may cost at the tenant stage: the
	 * larger of its standard bucket's burst and the most one step's pre-allocation could
	 * grant it, {@code min(max-preallocation, ⌊reservable-fraction × capacity × step⌋)}
	 * (forecasts reserve less where the plan sets no max-preallocation, but top-ups
	 * within a step may grant up to the reservable share). A costlier request could never
	 * be admitted, whatever it waits: the standard bucket never holds more than its
	 * burst, and no grant is larger. Callers answer it as such (the filter: 413) instead
	 * of asking {@link #admit}, which would refuse it with a {@code Retry-After} that
	 * cannot come true.
	 */
	public long largestCost(String tenant, ResourceType resource) {
		ResourceLimit limit = this.plans.get().planFor(tenant).limit(resource);
		long reservable = resource.reservableUnits(this.reservableFraction, this.steps.lengthSeconds());
		return Math.max(limit.burst(), Math.min(limit.maxPreallocation(), reservable));
	}

	/**
	 * Whether {@link #admit} always answers: the standard buckets are in this instance's
	 * memory. Otherwise callers use {@link #admitAsync(String, ResourceType, long)}.
	 */
	public boolean decidesAtOnce() {
		return this.standard instanceof ImmediateStandardBuckets;
	}

	/**
	 * Decides one request of {@code cost} units of {@code resource} for {@code tenant},
	 * when the standard buckets answer at once (in memory).
	 * @throws IllegalArgumentException if {@code cost < 1}
	 * @throws IllegalStateException if the standard buckets answer later (a remote
	 * store): use {@link #admitAsync(String, ResourceType, long)}
	 */
	public AdmissionResult admit(String tenant, ResourceType resource, long cost) {
		if (this.standard instanceof ImmediateStandardBuckets immediate) {
			return admitNow(tenant, resource, cost, immediate);
		}
		CompletableFuture<AdmissionResult> result = admitAsync(tenant, resource, cost);
		if (!result.isDone()) {
			throw new IllegalStateException("the standard buckets are remote; use admitAsync");
		}
		return result.join();
	}

	/**
	 * Decides one request of {@code cost} units of {@code resource} for {@code tenant}.
	 * @return the result; already complete for a pre-allocated request and for buckets in
	 * memory; completed exceptionally with the store's exception when the standard
	 * buckets could not answer
	 * @throws IllegalArgumentException if {@code cost < 1}
	 */
	public CompletableFuture<AdmissionResult> admitAsync(String tenant, ResourceType resource, long cost) {
		return admitAsync(tenant, resource, cost, this.standard);
	}

	/**
	 * The same decision, with {@code standard} in place of the engine's standard buckets:
	 * distributed mode's fail-open policy passes this instance's local fallback buckets
	 * when the shared store is down.
	 */
	public CompletableFuture<AdmissionResult> admitAsync(String tenant, ResourceType resource, long cost,
			StandardBuckets standard) {
		if (standard instanceof ImmediateStandardBuckets immediate) {
			return CompletableFuture.completedFuture(admitNow(tenant, resource, cost, immediate));
		}
		Cost.require(cost);
		long now = this.time.epochNanos();
		Plan plan = this.plans.get().planFor(tenant);
		AdmissionResult preallocated = preallocated(tenant, resource, cost, plan, now);
		if (preallocated != null) {
			return CompletableFuture.completedFuture(preallocated);
		}
		CompletableFuture<ConsumptionProbe> probe = standard.tryConsume(tenant, resource, cost);
		if (probe.isDone() && !probe.isCompletedExceptionally()) {
			return CompletableFuture.completedFuture(standardResult(tenant, probe.join(), plan, resource, cost, now));
		}
		return probe.thenApply(p -> standardResult(tenant, p, plan, resource, cost, now));
	}

	/**
	 * The same decision against buckets in memory, without a future: the tenant's bucket
	 * is found once and asked to take the cost; only if it does not, it is asked how long
	 * until it would hold the cost. That second question reads the clock again: if the
	 * bucket refilled in between, the wait is shorter (0 if it holds the cost by then,
	 * still a refusal, told to retry after the minimum of 1 s); in virtual time both
	 * readings are the same instant.
	 */
	private AdmissionResult admitNow(String tenant, ResourceType resource, long cost,
			ImmediateStandardBuckets standard) {
		Cost.require(cost);
		long now = this.time.epochNanos();
		Plan plan = this.plans.get().planFor(tenant);
		AdmissionResult preallocated = preallocated(tenant, resource, cost, plan, now);
		if (preallocated != null) {
			return preallocated;
		}
		TenantBucket bucket = standard.bucket(tenant, resource);
		long left = bucket.tryTake(cost);
		if (left >= 0) {
			return standardAdmitted(left, plan, resource, cost);
		}
		return throttled(tenant, ImmediateStandardBuckets.heldWhenRefused(left), bucket.nanosToWait(cost), plan,
				resource, cost, now);
	}

	/**
	 * Served from the tenant's shadow bucket for the current step, or {@code null} when
	 * it cannot be.
	 */
	private AdmissionResult preallocated(String tenant, ResourceType resource, long cost, Plan plan, long now) {
		StepGrants grants = this.shadows.grantsAt(now);
		ShadowBucket shadow = (grants != null) ? grants.shadowBucket(tenant, resource) : null;
		if (shadow == null) {
			return null;
		}
		long left = shadow.tryConsume(cost);
		if (left < 0) {
			return null;
		}
		return new AdmissionResult(Decision.PREALLOCATED, cost, left, grants.step(),
				ceilSeconds(this.steps.nanosToNextStep(now)), plan.name(), plan.limit(resource));
	}

	/**
	 * Gives back to the tenant the units {@code result} took, for a request that was
	 * admitted here but never reached the backend (the capacity gate refused it): to the
	 * bucket that served it, so that the tenant's next request is decided as if the
	 * refused one had not been made.
	 * <ul>
	 * <li>pre-allocated: to the shadow bucket of the step it was served in, if that step
	 * is still the current one (and never beyond the grant); once the step is over its
	 * grant has expired, and giving the units to the new step's bucket would hand out
	 * more than that step was granted, so nothing is given back;</li>
	 * <li>standard: to the standard bucket, capped at its burst (Bucket4j's
	 * {@code addTokens}): a bucket that refilled meanwhile gains only up to full;</li>
	 * <li>throttled: nothing was taken, nothing is given back.</li>
	 * </ul>
	 * Never blocks.
	 * @return completed once the units are back; for standard buckets in a remote store,
	 * later, and exceptionally if the store could not take them (nothing waits on it: the
	 * caller may ignore it)
	 */
	public CompletableFuture<Void> refund(String tenant, ResourceType resource, AdmissionResult result) {
		return refund(tenant, resource, result, this.standard);
	}

	/**
	 * The same, with {@code standard} in place of the engine's standard buckets: a
	 * request distributed mode decided with this instance's fallback buckets is given
	 * back to them.
	 */
	public CompletableFuture<Void> refund(String tenant, ResourceType resource, AdmissionResult result,
			StandardBuckets standard) {
		switch (result.decision()) {
			case PREALLOCATED -> refundPreallocated(tenant, resource, result);
			case STANDARD -> {
				return standard.giveBack(tenant, resource, result.cost());
			}
			default -> {
			}
		}
		return CompletableFuture.completedFuture(null);
	}

	private void refundPreallocated(String tenant, ResourceType resource, AdmissionResult result) {
		StepGrants grants = this.shadows.grantsAt(this.time.epochNanos());
		if (grants == null || grants.step() != result.step()) {
			return;
		}
		ShadowBucket shadow = grants.shadowBucket(tenant, resource);
		if (shadow != null) {
			shadow.giveBack(result.cost());
		}
	}

	private static AdmissionResult standardAdmitted(long remaining, Plan plan, ResourceType resource, long cost) {
		ResourceLimit limit = plan.limit(resource);
		long refill = (long) Math.ceil((limit.burst() - remaining) / limit.rate());
		return new AdmissionResult(Decision.STANDARD, cost, remaining, AdmissionResult.NO_STEP, refill, plan.name(),
				limit);
	}

	private AdmissionResult standardResult(String tenant, ConsumptionProbe probe, Plan plan, ResourceType resource,
			long cost, long now) {
		if (probe.isConsumed()) {
			return standardAdmitted(probe.getRemainingTokens(), plan, resource, cost);
		}
		return throttled(tenant, probe.getRemainingTokens(), probe.getNanosToWaitForRefill(), plan, resource, cost,
				now);
	}

	/**
	 * Refused: {@code Retry-After = max(1, ceil(wait in seconds))}, where the wait is the
	 * standard bucket's until it holds the cost, or, when the cost exceeds its burst
	 * ({@link Long#MAX_VALUE}), until the next step, when a pre-allocation could serve
	 * it. The refused units are counted as the tenant's shortfall.
	 */
	private AdmissionResult throttled(String tenant, long held, long waitNanos, Plan plan, ResourceType resource,
			long cost, long now) {
		if (this.shortfalls != null) {
			this.shortfalls.record(tenant, resource, cost);
		}
		long wait = (waitNanos == Long.MAX_VALUE) ? this.steps.nanosToNextStep(now) : waitNanos;
		long retryAfter = Math.max(1, ceilSeconds(wait));
		return new AdmissionResult(Decision.THROTTLED, cost, held, AdmissionResult.NO_STEP, retryAfter, plan.name(),
				plan.limit(resource));
	}

	private static long ceilSeconds(long nanos) {
		return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
	}

}
