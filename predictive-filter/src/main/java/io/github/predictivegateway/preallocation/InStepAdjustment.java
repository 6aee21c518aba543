package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

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
 * The first window of a step begins when its grants are first seen (its first instant,
 * unless the gateway started within it). At each window, with {@code L} the seconds left
 * in the step, {@code S} the seconds from the first window's beginning to the step's end
 * (the step's length), {@code W} the window and {@code Δt} the time since the last
 * window:
 * <ol>
 * <li><b>early release</b>: a grant whose tenant was refused nothing in the window and
 * holds what the next windows need keeps at most its pace,
 * {@code ⌈peak × min(1, (L + max(W, S / 10)) / S)⌉} units (never less than that need),
 * where {@code peak} is the most it was granted in the step; what it holds above that is
 * released to the pool;</li>
 * <li><b>top-up</b>: a tenant that spent {@code u} units of its grant in the window and
 * was refused {@code r} units ran at {@code p = (u + r) / Δt} units per second, plus its
 * standard bucket's rate {@code ρ} if it was refused (the bucket was drained). If it was
 * refused, or its grant holds less than the next {@code A = min(L, 6 W)} seconds need at
 * that pace, it asks for {@code ⌈p × A⌉} minus what it holds, within its plan's
 * max-preallocation less its grant where the plan sets one. (The default cap of
 * {@link ResourceLimit#preallocationCap} bounds what forecasts reserve, learnt from
 * demand; a top-up answers demand seen now with capacity nobody reserved, a few windows
 * at a time, so that a tenant running ahead later in the step still finds some.) The asks
 * are met from the pool, the reservable capacity no grant holds,
 * {@code ⌊reservable-fraction × capacity × step⌋ − Σ grants}, shared by weighted max-min
 * fairness when it is short. A top-up never comes from another tenant's grant.</li>
 * </ol>
 * Only grants held in this instance's memory ({@link LocalShadowBucket}) are adjusted.
 * Called by the cycle's tick, off the request path; not thread-safe on its own (the
 * cycle's tick is synchronized).
 */
public final class InStepAdjustment {

	/** The default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

	/**
	 * How many windows ahead a top-up provides for: a tenant is topped up again as it
	 * runs ahead, rather than handed the rest of the step at once, so that a tenant
	 * running ahead later in the step still finds capacity in the pool.
	 */
	static final int HORIZON_WINDOWS = 6;

	private final Steps steps;

	private final PlanCatalogs plans;

	private final Shortfalls shortfalls;

	private final double reservableFraction;

	private final long windowNanos;

	private final MaxMinFairLedger ledger = new MaxMinFairLedger();

	private final Map<ShadowBucket, Long> lastUsed = new IdentityHashMap<>();

	private final Map<ShadowBucket, Long> peak = new IdentityHashMap<>();

	private long step = Long.MIN_VALUE;

	private long firstNanos;

	private long lastNanos;

	private final AtomicLongArray toppedUp;

	private final AtomicLongArray released;

	private final @Nullable InStepWindowListener listener;

	/**
	 * @param shortfalls the refusals the engine records
	 * @param window how often the grants are adjusted, positive
	 */
	public InStepAdjustment(Steps steps, PlanCatalogs plans, Shortfalls shortfalls, double reservableFraction,
			Duration window) {
		this(steps, plans, shortfalls, reservableFraction, window, null);
	}

	/**
	 * @param listener told each window's refusals once its grants are adjusted
	 * ({@code null}: nobody)
	 */
	public InStepAdjustment(Steps steps, PlanCatalogs plans, Shortfalls shortfalls, double reservableFraction,
			Duration window, @Nullable InStepWindowListener listener) {
		this.listener = listener;
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
			this.firstNanos = nowNanos;
			this.lastNanos = nowNanos;
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
		topUp(grants, review(grants, plans, refused, elapsed, left));
		if (this.listener != null) {
			this.listener.windowClosed(grants, refused, elapsed, nowNanos);
		}
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
	 * Releases what idle grants hold above their pace, and returns what tenants running
	 * ahead of their grants ask for, per resource type.
	 */
	private Map<ResourceType, List<ReservationRequest>> review(StepGrants grants, PlanCatalog plans,
			Map<SeriesKey, Long> refused, double elapsed, double left) {
		double span = this.steps.nanosToNextStep(this.firstNanos) / 1e9;
		double windowSeconds = this.windowNanos / 1e9;
		double ahead = Math.min(left, HORIZON_WINDOWS * windowSeconds);
		double slack = Math.max(windowSeconds, span / 10);
		Map<ResourceType, List<ReservationRequest>> asks = new HashMap<>();
		Map<SeriesKey, Long> unseen = new HashMap<>(refused);
		for (Map.Entry<String, ShadowBucket[]> entry : grants.byTenant().entrySet()) {
			for (ResourceType resource : plans.resources().all()) {
				if (!(entry.getValue()[resource.index()] instanceof LocalShadowBucket bucket)) {
					continue;
				}
				SeriesKey series = new SeriesKey(entry.getKey(), resource.name());
				long used = bucket.used();
				long spent = used - this.lastUsed.getOrDefault(bucket, 0L);
				this.lastUsed.put(bucket, used);
				long most = this.peak.merge(bucket, bucket.granted(), Math::max);
				Long refusedUnits = unseen.remove(series);
				ResourceLimit limit = plans.limitFor(series.tenant(), resource);
				long need = need(spent, refusedUnits, limit, elapsed, ahead);
				if (bucket.remaining() < need || refusedUnits != null) {
					ask(asks, series.tenant(), resource, limit, need - bucket.remaining(), bucket.granted());
					continue;
				}
				long pace = (long) Math.ceil(most * Math.min(1.0, (left + slack) / span));
				long idle = bucket.remaining() - Math.max(pace, need);
				if (idle > 0) {
					this.released.addAndGet(resource.index(), bucket.release(idle));
				}
			}
		}
		for (Map.Entry<SeriesKey, Long> entry : unseen.entrySet()) {
			SeriesKey series = entry.getKey();
			if (!plans.resources().contains(series.resource())) {
				continue;
			}
			ResourceType resource = plans.resources().get(series.resource());
			if (grants.shadowBucket(series.tenant(), resource) != null) {
				continue; // a grant leased from a shared ledger: not adjusted here
			}
			ResourceLimit limit = plans.limitFor(series.tenant(), resource);
			ask(asks, series.tenant(), resource, limit, need(0, entry.getValue(), limit, elapsed, ahead), 0);
		}
		return asks;
	}

	/**
	 * Units the tenant's grant should hold for the next {@code ahead} seconds at the pace
	 * it ran in the window: what it spent of its grant and was refused, plus its standard
	 * bucket's rate when refused (the bucket was drained).
	 */
	private static long need(long spent, @Nullable Long refused, ResourceLimit limit, double elapsed, double ahead) {
		double pace = (spent + ((refused != null) ? refused : 0)) / elapsed + ((refused != null) ? limit.rate() : 0);
		return (long) Math.ceil(pace * ahead);
	}

	private static void ask(Map<ResourceType, List<ReservationRequest>> asks, String tenant, ResourceType resource,
			ResourceLimit limit, long units, long granted) {
		long ask = Math.min(units, limit.maxPreallocation() - granted);
		if (ask > 0) {
			asks.computeIfAbsent(resource, r -> new ArrayList<>())
				.add(new ReservationRequest(tenant, ask, limit.weight()));
		}
	}

	private void topUp(StepGrants grants, Map<ResourceType, List<ReservationRequest>> asks) {
		double stepSeconds = this.steps.lengthSeconds();
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
