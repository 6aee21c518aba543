package io.github.predictivegateway.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.InStepWindowListener;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.ReservationRequest;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Lifts the standard bucket's refill of a tenant its plan lets burst ({@code max-rate}
 * above {@code rate}) while its demand runs ahead of the bucket and capacity nobody
 * reserved is idle, so that a tenant with no forecast (or one whose forecast missed) can
 * ride out a burst the backend has room for; and lowers it back to the plan's rate as
 * soon as either stops. The specification's "standard bucket parameters adjusted when
 * actual usage deviates from predicted", within bounds the plan declares.
 *
 * <p>
 * At the end of each in-step window ({@link InStepWindowListener}, after the grants'
 * top-ups and releases), with {@code Δt} the window's length and {@code L} the seconds
 * left in the step:
 * <ul>
 * <li><b>idle</b> means the resource type's pool is not empty: units of its reservable
 * capacity that no grant holds in this step ({@link StepGrants#unreserved},
 * {@code ⌊reservable-fraction × capacity × step⌋ − Σ grants}), known from the grants in
 * memory, without a call to a store;</li>
 * <li>a series refused {@code r} units in the window ran at {@code p = ρ + r / Δt} units
 * per second, {@code ρ} the refill its bucket had in the window (the plan's rate, or its
 * lift); it wants {@code min(max-rate, p)}. A series lifted and not refused keeps its
 * lift while its bucket is not full at the window's end (it still spends about as fast as
 * the lift refills it); a full bucket means the burst is over;</li>
 * <li>each wanted lift asks for its refill above the plan's rate over the rest of the
 * step, {@code ⌈(wanted − rate) × L⌉} units; the asks share the pool by weighted max-min
 * fairness (the plan's weight, as top-ups do), and a series granted {@code g} units is
 * refilled at {@code rate + min(wanted − rate, g / L)} until the next window;</li>
 * <li>every other series lifted in the last window is refilled at its plan's rate
 * again.</li>
 * </ul>
 * A lift reserves nothing: the pool stays for top-ups and forecasts, the capacity gate
 * still bounds what reaches the backend and serves pre-allocated requests first, so a
 * lifted tenant never takes what a grant's owner claims. The bucket is changed with
 * Bucket4j's configuration replacement, keeping its tokens
 * ({@link LocalStandardBuckets#refillAt}); its burst does not change.
 *
 * <p>
 * Only standard buckets in this instance's memory are lifted: with other
 * {@link StandardBuckets} (Redis) a window changes nothing. Called on the cycle's tick,
 * which is synchronized; the counts are read by meters from any thread.
 */
public final class RateLift implements InStepWindowListener {

	private final PlanCatalogs plans;

	private final StandardBuckets standard;

	private final Steps steps;

	private final double reservableFraction;

	private final MaxMinFairLedger ledger = new MaxMinFairLedger();

	/** Per series lifted now, its refill in units per second. */
	private Map<SeriesKey, Double> lifted = new HashMap<>();

	private final AtomicLongArray liftedNow;

	private final AtomicLongArray lifts;

	/**
	 * @param standard the engine's standard buckets; lifted only when they are in memory
	 * ({@link LocalStandardBuckets})
	 * @param reservableFraction the share of capacity grants may hold, as for the cycle
	 */
	public RateLift(PlanCatalogs plans, StandardBuckets standard, Steps steps, double reservableFraction) {
		this.plans = plans;
		this.standard = standard;
		this.steps = steps;
		this.reservableFraction = reservableFraction;
		this.liftedNow = new AtomicLongArray(plans.get().resources().size());
		this.lifts = new AtomicLongArray(plans.get().resources().size());
	}

	@Override
	public void windowClosed(StepGrants grants, Map<SeriesKey, Long> refused, double elapsedSeconds, long nowNanos) {
		if (!(this.standard instanceof LocalStandardBuckets local)) {
			return;
		}
		PlanCatalog plans = this.plans.get();
		double left = Math.max(1e-9, this.steps.nanosToNextStep(nowNanos) / 1e9);
		Map<SeriesKey, Double> next = share(grants, plans, wanted(local, plans, refused, elapsedSeconds), left);
		for (SeriesKey series : this.lifted.keySet()) {
			if (!next.containsKey(series) && plans.resources().contains(series.resource())) {
				ResourceType resource = plans.resources().get(series.resource());
				local.refillAt(series.tenant(), resource, plans.limitFor(series.tenant(), resource).rate());
			}
		}
		long[] counts = new long[this.liftedNow.length()];
		Map<SeriesKey, Double> held = new HashMap<>();
		next.forEach((series, rate) -> {
			ResourceType resource = plans.resources().get(series.resource());
			if (local.refillAt(series.tenant(), resource, rate)) {
				held.put(series, rate);
				counts[resource.index()]++;
				if (!this.lifted.containsKey(series)) {
					this.lifts.incrementAndGet(resource.index());
				}
			}
		});
		this.lifted = held;
		for (int i = 0; i < counts.length; i++) {
			this.liftedNow.set(i, counts[i]);
		}
	}

	/**
	 * The refill each series wants for the next window: refused ones the pace they ran
	 * at, lifted ones whose bucket is not full the lift they have; within their plans'
	 * max-rate, and only where the plan is liftable.
	 */
	private Map<SeriesKey, Double> wanted(LocalStandardBuckets local, PlanCatalog plans, Map<SeriesKey, Long> refused,
			double elapsed) {
		Map<SeriesKey, Double> wanted = new HashMap<>();
		refused.forEach((series, units) -> {
			ResourceLimit limit = liftable(plans, series);
			if (limit != null) {
				double refill = this.lifted.getOrDefault(series, limit.rate());
				wanted.put(series, Math.min(limit.maxRate(), refill + units / elapsed));
			}
		});
		this.lifted.forEach((series, rate) -> {
			ResourceLimit limit = liftable(plans, series);
			if (limit != null && !wanted.containsKey(series)
					&& !local.full(series.tenant(), plans.resources().get(series.resource()))) {
				wanted.put(series, Math.min(limit.maxRate(), rate));
			}
		});
		return wanted;
	}

	/** The series' limit if its plan lets its refill be lifted, else {@code null}. */
	private static @Nullable ResourceLimit liftable(PlanCatalog plans, SeriesKey series) {
		if (!plans.resources().contains(series.resource())) {
			return null;
		}
		ResourceLimit limit = plans.limitFor(series.tenant(), plans.resources().get(series.resource()));
		return limit.liftable() ? limit : null;
	}

	/**
	 * The refill of each wanted series in the next window: its wanted lift above the
	 * plan's rate over the rest of the step, from each resource type's pool, shared by
	 * weighted max-min fairness; nothing where the pool is empty.
	 */
	private Map<SeriesKey, Double> share(StepGrants grants, PlanCatalog plans, Map<SeriesKey, Double> wanted,
			double left) {
		Map<ResourceType, List<ReservationRequest>> asks = new HashMap<>();
		wanted.forEach((series, rate) -> {
			ResourceType resource = plans.resources().get(series.resource());
			ResourceLimit limit = plans.limitFor(series.tenant(), resource);
			long extra = Math.max(1, (long) Math.ceil((rate - limit.rate()) * left));
			asks.computeIfAbsent(resource, r -> new ArrayList<>())
				.add(new ReservationRequest(series.tenant(), extra, limit.weight()));
		});
		Map<SeriesKey, Double> next = new HashMap<>();
		asks.forEach((resource, requests) -> {
			long pool = grants.unreserved(resource, this.reservableFraction, this.steps.lengthSeconds());
			if (pool <= 0) {
				return;
			}
			this.ledger.grant(grants.step(), resource, requests, pool).forEach((tenant, units) -> {
				SeriesKey series = new SeriesKey(tenant, resource.name());
				double rate = plans.limitFor(tenant, resource).rate();
				if (units > 0) {
					next.put(series, rate + Math.min(wanted.get(series) - rate, units / left));
				}
			});
		});
		return next;
	}

	/** Series of {@code resource} whose standard refill is lifted now. */
	public long lifted(ResourceType resource) {
		return this.liftedNow.get(resource.index());
	}

	/**
	 * Times a series of {@code resource} was lifted from its plan's rate (a lift that
	 * lasts several windows counts once).
	 */
	public long lifts(ResourceType resource) {
		return this.lifts.get(resource.index());
	}

}
