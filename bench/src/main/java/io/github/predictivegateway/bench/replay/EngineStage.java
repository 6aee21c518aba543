package io.github.predictivegateway.bench.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.InStepAdjustment;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The filter's own tenant stage, {@link AdmissionEngine} (pre-allocation, then standard
 * bucket, then throttle), with the same classes the gateway wires:
 * {@link StandardBuckets}, {@link ShadowBucketTable}, and, when forecasts are given, a
 * {@link PreallocationCycle} with a {@link MaxMinFairLedger}.
 *
 * <ul>
 * <li>{@code token-bucket}: no forecasts, so no shadow bucket is ever installed and every
 * request meets its standard bucket ({@code rate = r_t}, {@code burst = ⌈b × r_t⌉});</li>
 * <li>{@code predictive}: the same standard buckets, plus the cycle, ticked at each
 * step's first instant, which turns the forecasts of that step into shadow buckets
 * ({@code desired = ⌊upper × m⌋}) within {@code reservable-fraction × C × step}; at each
 * step's end the tenants' offered demand goes to the {@link AdjustmentMultipliers}, which
 * move {@code m} as the gateway's usage cycle does.</li>
 * </ul>
 */
final class EngineStage implements TenantStage {

	static final String RESOURCE = "requests";

	private final String[] tenants;

	private final ResourceType resource;

	private final AdmissionEngine engine;

	private final ShadowBucketTable shadows;

	private final PreallocationCycle cycle;

	private final TimeSource time;

	private final Steps steps;

	private final SeriesKey[] series;

	private final AdjustmentMultipliers adjustment;

	/** The cycle ticks at most once a second of virtual time, as the gateway's does. */
	private static final long TICK_NANOS = 1_000_000_000L;

	private long nextTickNanos = Long.MIN_VALUE;

	/**
	 * @param forecasts where the cycle's forecasts come from; {@code null} for the plain
	 * token bucket
	 * @param adjustment the multipliers the cycle applies and learns, one instance per
	 * run ({@code null}: none)
	 */
	EngineStage(Trace trace, ReplayPlans plans, double burstSeconds, ForecastSource forecasts,
			double reservableFraction, AdjustmentMultipliers adjustment, TimeSource time) {
		this(trace, plans, burstSeconds, forecasts, reservableFraction, adjustment, InStepAdjustment.DEFAULT_WINDOW,
				time);
	}

	/**
	 * @param inStepWindow how often grants are adjusted within their step, as the gateway
	 * does ({@code null}: never, grants as the forecasts made them)
	 */
	EngineStage(Trace trace, ReplayPlans plans, double burstSeconds, ForecastSource forecasts,
			double reservableFraction, AdjustmentMultipliers adjustment, Duration inStepWindow, TimeSource time) {
		this.tenants = trace.tenants().toArray(new String[0]);
		this.time = time;
		this.adjustment = (adjustment != null) ? adjustment : AdjustmentMultipliers.none();
		this.series = new SeriesKey[this.tenants.length];
		for (int t = 0; t < this.tenants.length; t++) {
			this.series[t] = new SeriesKey(this.tenants[t], RESOURCE);
		}
		ResourceTypes resources = new ResourceTypes(Map.of(RESOURCE, (double) plans.capacity()));
		this.resource = resources.get(RESOURCE);
		Map<String, Map<String, ResourceLimit>> limits = new LinkedHashMap<>();
		Map<String, String> tenantPlans = new HashMap<>();
		limits.put("default", Map.of(RESOURCE, ResourceLimit.of(1, 1)));
		for (int t = 0; t < this.tenants.length; t++) {
			String plan = "plan-" + this.tenants[t];
			limits.put(plan, Map.of(RESOURCE, ResourceLimit.of(plans.rate(t), plans.burst(t, burstSeconds))));
			tenantPlans.put(this.tenants[t], plan);
		}
		PlanCatalog catalog = new PlanCatalog(resources, limits, "default", tenantPlans);
		this.steps = new Steps(Duration.ofSeconds(trace.stepSeconds()));
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(catalog, this.steps, time)
			.maxTenants(this.tenants.length + 1L)
			.reservableFraction(reservableFraction)
			.lead(Duration.ZERO)
			.adjustment(this.adjustment)
			.inStepWindow(inStepWindow);
		if (forecasts != null) {
			parts.forecasts(forecasts);
		}
		this.shadows = parts.shadowBucketTable();
		this.engine = parts.engine();
		this.cycle = (forecasts != null) ? parts.cycle() : null;
	}

	@Override
	public void beginStep(int step) {
		if (this.cycle != null) {
			this.cycle.tick();
		}
	}

	@Override
	public double multiplier(int tenant) {
		return (this.cycle != null) ? this.adjustment.multiplier(this.series[tenant]) : Double.NaN;
	}

	@Override
	public Admission admit(int tenant) {
		if (this.cycle != null) {
			long now = this.time.epochNanos();
			if (now >= this.nextTickNanos) {
				this.cycle.tick();
				this.nextTickNanos = now + TICK_NANOS;
			}
		}
		String name = this.tenants[tenant];
		AdmissionResult result = this.engine.admit(name, this.resource, 1);
		if (!result.admitted()) {
			return Admission.of(result.decision());
		}
		return new Admission(result.decision(), () -> this.engine.refund(name, this.resource, result));
	}

	@Override
	public void endStep(int step, long[] offered, long[] granted, long[] used) {
		if (this.cycle != null) {
			Map<SeriesKey, Double> demand = new HashMap<>();
			for (int t = 0; t < this.tenants.length; t++) {
				demand.put(this.series[t], (double) offered[t]);
			}
			this.adjustment.observe(this.steps.indexOf(this.time.epochNanos()), demand);
		}
		StepGrants grants = this.shadows.grantsAt(this.time.epochNanos());
		if (grants == null) {
			return;
		}
		for (int t = 0; t < this.tenants.length; t++) {
			ShadowBucket bucket = grants.shadowBucket(this.tenants[t], this.resource);
			if (bucket != null) {
				granted[t] += bucket.granted();
				used[t] += bucket.used();
			}
		}
	}

}
