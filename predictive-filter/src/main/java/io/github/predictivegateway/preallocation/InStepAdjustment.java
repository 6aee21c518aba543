package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Adjusts the current step's grants while the step runs, once a window (5 s by default),
 * so that a burst the forecast missed is not throttled for the rest of the step while
 * capacity sits idle, and a grant nobody spends does not hold capacity to the step's end.
 *
 * <p>
 * At each window, with {@code L} the seconds left in the step, {@code S} the step's
 * length, {@code W} the window and {@code Δt} the time since the last window:
 * <ol>
 * <li><b>early release</b>: a grant whose tenant was refused nothing in the window keeps
 * at most its pace, {@code ⌈peak × (L + W) / S⌉} units, where {@code peak} is the most it
 * was granted in the step; what it holds above that is released to the pool;</li>
 * <li><b>top-up</b>: a tenant refused {@code r} units in the window, having spent
 * {@code u} units of its grant meanwhile, runs at {@code (u + r) / Δt} units per second;
 * it asks for what the rest of the step needs at that pace, {@code ⌈(u + r) / Δt × L⌉}
 * minus what it holds, within its plan's cap ({@link ResourceLimit#preallocationCap})
 * less its grant. The asks are met from the pool, the reservable capacity no grant holds,
 * {@code ⌊reservable-fraction × capacity × S⌋ − Σ grants}, shared by weighted max-min
 * fairness when it is short. A top-up never comes from another tenant's grant.</li>
 * </ol>
 * Only grants held in this instance's memory ({@link LocalShadowBucket}) are adjusted.
 * Called by the cycle's tick, off the request path; not thread-safe on its own (the
 * cycle's tick is synchronized).
 */
public final class InStepAdjustment {

	/** The default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

	private final Steps steps;

	private final PlanCatalogs plans;

	private final Shortfalls shortfalls;

	private final double reservableFraction;

	private final long windowNanos;

	private final MaxMinFairLedger ledger = new MaxMinFairLedger();

	private final Map<ShadowBucket, Long> lastUsed = new IdentityHashMap<>();

	private final Map<ShadowBucket, Long> peak = new IdentityHashMap<>();

	private long step = Long.MIN_VALUE;

	private long lastNanos;

	private final AtomicLongArray toppedUp;

	private final AtomicLongArray released;

	/**
	 * @param shortfalls the refusals the engine records
	 * @param window how often the grants are adjusted, positive
	 */
	public InStepAdjustment(Steps steps, PlanCatalogs plans, Shortfalls shortfalls, double reservableFraction,
			Duration window) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("the in-step window is " + window + "; it must be positive");
		}
		this.steps = steps;
		this.plans = plans;
		this.shortfalls = shortfalls;
		this.reservableFraction = reservableFraction;
		this.windowNanos = window.toNanos();
		this.toppedUp = new AtomicLongArray(plans.get().resources().size());
		this.released = new AtomicLongArray(plans.get().resources().size());
	}

	/**
	 * Adjusts {@code grants}, the current step's, if a window has passed since the last
	 * adjustment (or since the step began); does nothing otherwise.
	 */
	public void adjust(StepGrants grants, long nowNanos) {
		if (grants.step() != this.step) {
			this.step = grants.step();
			this.lastNanos = this.steps.startNanos(this.step);
			this.lastUsed.clear();
			this.peak.clear();
			this.shortfalls.drain();
		}
		if (nowNanos - this.lastNanos < this.windowNanos) {
			return;
		}
		double elapsed = (nowNanos - this.lastNanos) / 1e9;
		double left = this.steps.nanosToNextStep(nowNanos) / 1e9;
		Map<SeriesKey, Long> refused = this.shortfalls.drain();
		PlanCatalog plans = this.plans.get();
		Map<SeriesKey, Long> spent = releaseIdle(grants, plans, refused, left);
		topUp(grants, plans, refused, spent, elapsed, left);
		this.lastNanos = nowNanos;
	}

	/**
	 * Units of {@code resource} added to grants within their steps since this adjustment
	 * was made.
	 */
	public long toppedUp(ResourceType resource) {
		return this.toppedUp.get(resource.index());
	}

	/**
	 * Units of {@code resource} released early from grants since this adjustment was
	 * made.
	 */
	public long released(ResourceType resource) {
		return this.released.get(resource.index());
	}

	/**
	 * Releases what idle grants hold above their pace; returns what the refused tenants
	 * spent of their grants in the window.
	 */
	private Map<SeriesKey, Long> releaseIdle(StepGrants grants, PlanCatalog plans, Map<SeriesKey, Long> refused,
			double left) {
		double stepSeconds = this.steps.lengthSeconds();
		double windowSeconds = this.windowNanos / 1e9;
		Map<SeriesKey, Long> spent = new HashMap<>();
		for (Map.Entry<String, ShadowBucket[]> entry : grants.byTenant().entrySet()) {
			for (ResourceType resource : plans.resources().all()) {
				if (!(entry.getValue()[resource.index()] instanceof LocalShadowBucket bucket)) {
					continue;
				}
				long used = bucket.used();
				long spentNow = used - this.lastUsed.getOrDefault(bucket, 0L);
				this.lastUsed.put(bucket, used);
				long most = this.peak.merge(bucket, bucket.granted(), Math::max);
				SeriesKey series = new SeriesKey(entry.getKey(), resource.name());
				if (refused.containsKey(series)) {
					spent.put(series, spentNow);
					continue;
				}
				long pace = (long) Math.ceil(most * Math.min(1.0, (left + windowSeconds) / stepSeconds));
				long idle = bucket.remaining() - pace;
				if (idle > 0) {
					this.released.addAndGet(resource.index(), bucket.release(idle));
				}
			}
		}
		return spent;
	}

	private void topUp(StepGrants grants, PlanCatalog plans, Map<SeriesKey, Long> refused, Map<SeriesKey, Long> spent,
			double elapsed, double left) {
		double stepSeconds = this.steps.lengthSeconds();
		Map<ResourceType, List<ReservationRequest>> asks = new HashMap<>();
		for (Map.Entry<SeriesKey, Long> entry : refused.entrySet()) {
			SeriesKey series = entry.getKey();
			if (!plans.resources().contains(series.resource())) {
				continue;
			}
			ResourceType resource = plans.resources().get(series.resource());
			ShadowBucket bucket = grants.shadowBucket(series.tenant(), resource);
			if (bucket != null && !(bucket instanceof LocalShadowBucket)) {
				continue;
			}
			ResourceLimit limit = plans.limitFor(series.tenant(), resource);
			double pace = (spent.getOrDefault(series, 0L) + entry.getValue()) / elapsed;
			long held = (bucket != null) ? bucket.remaining() : 0;
			long granted = (bucket != null) ? bucket.granted() : 0;
			long ask = Math.min((long) Math.ceil(pace * left) - held, limit.preallocationCap(stepSeconds) - granted);
			if (ask > 0) {
				asks.computeIfAbsent(resource, r -> new ArrayList<>())
					.add(new ReservationRequest(series.tenant(), ask, limit.weight()));
			}
		}
		for (Map.Entry<ResourceType, List<ReservationRequest>> entry : asks.entrySet()) {
			ResourceType resource = entry.getKey();
			long pool = (long) Math.floor(this.reservableFraction * resource.capacityPerStep(stepSeconds))
					- grants.totalGranted(resource);
			if (pool <= 0) {
				continue;
			}
			this.ledger.grant(grants.step(), resource, entry.getValue(), pool).forEach((tenant, units) -> {
				if (units > 0) {
					give(grants, tenant, resource, units);
				}
			});
		}
	}

	private void give(StepGrants grants, String tenant, ResourceType resource, long units) {
		ShadowBucket bucket = grants.shadowBucket(tenant, resource);
		if (bucket instanceof LocalShadowBucket local) {
			local.topUp(units);
			this.peak.merge(local, local.granted(), Math::max);
		}
		else {
			ShadowBucket added = grants.add(tenant, resource, new LocalShadowBucket(units));
			this.peak.put(added, added.granted());
		}
		this.toppedUp.addAndGet(resource.index(), units);
	}

}
