package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * <p>
 * <b>Distributed mode</b> (grants leased from a ledger every instance shares, given a
 * {@link SharedPool}): the pool is kept in the shared ledger, so that no two instances
 * hand out the same idle capacity. Each instance judges from its own requests: what it
 * spent of its lease and was refused ({@link Shortfalls}) in the window, against what its
 * lease holds; its asks are shared by max-min fairness among themselves, and met from the
 * shared pool into its own lease, each cut to what the tenant's plan still allows
 * cluster-wide. With {@code N} instances ({@link SharedPool#instances()}) each seeing
 * about {@code 1/N} of a tenant's requests, each counts {@code ρ / N} of a drained
 * standard bucket's rate and asks for its share of the tenant's need, so the sum of their
 * asks is the tenant's need. Early releases are judged on the cluster-wide view instead:
 * what of a grant is still in the shared ledger (not leased to an instance) above its
 * pace, with {@code peak} the installed grant plus every top-up of the step, goes back to
 * the pool; an instance that asks for a tenant in the window releases nothing of it.
 * Units leased to instances and left idle are returned by the leases' own sweep. The
 * calls are made in the background and counted in {@link #toppedUp}/{@link #released}
 * when answered.
 *
 * <p>
 * Without a shared pool only grants held in this instance's memory
 * ({@link LocalShadowBucket}) are adjusted. Called by the cycle's tick, off the request
 * path; not thread-safe on its own (the cycle's tick is synchronized).
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

	private final @Nullable SharedPool shared;

	private CompletableFuture<Void> settled = CompletableFuture.completedFuture(null);

	/** The share of its peak a grant keeps at this window: its pace. */
	private double paceShare;

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
		this(steps, plans, shortfalls, reservableFraction, window, null, null);
	}

	/**
	 * @param shared the pool of the ledger the grants are leased from, in distributed
	 * mode ({@code null}: grants held in this instance's memory only)
	 * @param listener told each window's refusals once its grants are adjusted
	 * ({@code null}: nobody)
	 */
	public InStepAdjustment(Steps steps, PlanCatalogs plans, Shortfalls shortfalls, double reservableFraction,
			Duration window, @Nullable SharedPool shared, @Nullable InStepWindowListener listener) {
		this.shared = shared;
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
		Map<ResourceType, List<String>> idle = new HashMap<>();
		Map<ResourceType, List<SharedPool.Ask>> asks = review(grants, plans, refused, elapsed, left, idle);
		if (this.shared != null) {
			this.settled = share(this.shared, grants, asks, idle);
		}
		else {
			topUp(grants, asks);
		}
		if (this.listener != null) {
			this.listener.windowClosed(grants, refused, elapsed, nowNanos);
		}
		this.lastNanos = nowNanos;
	}

	/**
	 * Completes when the shared pool answered the calls of the last window (at once
	 * without a shared pool).
	 */
	public CompletableFuture<Void> settled() {
		return this.settled;
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
	 * Releases what idle grants of this instance's memory hold above their pace, lists in
	 * {@code idle} the tenants whose shared grants may be released, and returns what
	 * tenants running ahead of their grants ask for, per resource type.
	 */
	private Map<ResourceType, List<SharedPool.Ask>> review(StepGrants grants, PlanCatalog plans,
			Map<SeriesKey, Long> refused, double elapsed, double left, Map<ResourceType, List<String>> idleShared) {
		double span = this.steps.nanosToNextStep(this.firstNanos) / 1e9;
		double windowSeconds = this.windowNanos / 1e9;
		double ahead = Math.min(left, HORIZON_WINDOWS * windowSeconds);
		double slack = Math.max(windowSeconds, span / 10);
		this.paceShare = Math.min(1.0, (left + slack) / span);
		Map<ResourceType, List<SharedPool.Ask>> asks = new HashMap<>();
		Map<SeriesKey, Long> unseen = new HashMap<>(refused);
		for (Map.Entry<String, ShadowBucket[]> entry : grants.byTenant().entrySet()) {
			for (ResourceType resource : plans.resources().all()) {
				ShadowBucket bucket = entry.getValue()[resource.index()];
				boolean local = bucket instanceof LocalShadowBucket;
				if (bucket == null || (!local && this.shared == null)) {
					continue;
				}
				SeriesKey series = new SeriesKey(entry.getKey(), resource.name());
				long used = bucket.used();
				long spent = used - this.lastUsed.getOrDefault(bucket, 0L);
				this.lastUsed.put(bucket, used);
				Long refusedUnits = unseen.remove(series);
				ResourceLimit limit = plans.limitFor(series.tenant(), resource);
				long need = need(spent, refusedUnits, rate(limit), elapsed, ahead);
				if (bucket.remaining() < need || refusedUnits != null) {
					// a shared grant's cap is applied where its top-ups are counted
					ask(asks, series.tenant(), resource, limit, need - bucket.remaining(),
							local ? bucket.granted() : 0);
					continue;
				}
				if (!local) {
					idleShared.computeIfAbsent(resource, r -> new ArrayList<>()).add(series.tenant());
					continue;
				}
				long most = this.peak.merge(bucket, bucket.granted(), Math::max);
				long pace = (long) Math.ceil(most * this.paceShare);
				long idle = bucket.remaining() - Math.max(pace, need);
				if (idle > 0) {
					this.released.addAndGet(resource.index(), ((LocalShadowBucket) bucket).release(idle));
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
				continue; // a grant leased from a shared ledger, without its pool: not
							// adjusted
			}
			ResourceLimit limit = plans.limitFor(series.tenant(), resource);
			ask(asks, series.tenant(), resource, limit, need(0, entry.getValue(), rate(limit), elapsed, ahead), 0);
		}
		return asks;
	}

	/**
	 * Units the tenant's grant should hold for the next {@code ahead} seconds at the pace
	 * it ran in the window: what it spent of its grant and was refused, plus
	 * {@code rate}, its standard bucket's rate here, when refused (the bucket was
	 * drained).
	 */
	private static long need(long spent, @Nullable Long refused, double rate, double elapsed, double ahead) {
		double pace = (spent + ((refused != null) ? refused : 0)) / elapsed + ((refused != null) ? rate : 0);
		return (long) Math.ceil(pace * ahead);
	}

	/**
	 * The tenant's standard rate this instance sees: all of it, or, with a shared pool,
	 * its share.
	 */
	private double rate(ResourceLimit limit) {
		return (this.shared != null) ? limit.rate() / this.shared.instances() : limit.rate();
	}

	private static void ask(Map<ResourceType, List<SharedPool.Ask>> asks, String tenant, ResourceType resource,
			ResourceLimit limit, long units, long granted) {
		long ask = Math.min(units, limit.maxPreallocation() - granted);
		if (ask > 0) {
			asks.computeIfAbsent(resource, r -> new ArrayList<>())
				.add(new SharedPool.Ask(tenant, ask, limit.weight(), limit.maxPreallocation()));
		}
	}

	/**
	 * Releases the idle shared grants and asks the shared pool for the top-ups, in the
	 * background; counts what moved when the pool answers.
	 */
	private CompletableFuture<Void> share(SharedPool pool, StepGrants grants,
			Map<ResourceType, List<SharedPool.Ask>> asks, Map<ResourceType, List<String>> idle) {
		List<CompletableFuture<?>> calls = new ArrayList<>();
		idle.forEach((resource, tenants) -> calls.add(pool.release(grants, resource, tenants, this.paceShare)
			.thenAccept(units -> this.released.addAndGet(resource.index(), units))));
		asks.forEach((resource, list) -> calls.add(pool.topUp(grants, resource, list)
			.thenAccept(units -> this.toppedUp.addAndGet(resource.index(), units))));
		return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
	}

	private void topUp(StepGrants grants, Map<ResourceType, List<SharedPool.Ask>> byResource) {
		double stepSeconds = this.steps.lengthSeconds();
		for (Map.Entry<ResourceType, List<SharedPool.Ask>> entry : byResource.entrySet()) {
			ResourceType resource = entry.getKey();
			long pool = grants.unreserved(resource, this.reservableFraction, stepSeconds);
			if (pool <= 0) {
				continue;
			}
			List<ReservationRequest> asks = entry.getValue()
				.stream()
				.map(ask -> new ReservationRequest(ask.tenant(), ask.units(), ask.weight()))
				.toList();
			this.ledger.grant(grants.step(), resource, asks, pool).forEach((tenant, units) -> {
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
