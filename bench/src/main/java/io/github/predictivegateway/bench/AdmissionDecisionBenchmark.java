package io.github.predictivegateway.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

/**
 * One admission decision in local mode, as the filter makes it per request:
 * {@link AdmissionEngine#admit} over {@link LocalStandardBuckets} holding
 * {@value #TENANTS} tenants, every tenant's bucket created during setup, so the figures
 * are the steady state, not bucket creation. One tenant in {@value #EVERY} has a shadow
 * bucket for the current step, installed the way the gateway does it: a
 * {@link PreallocationCycle} over a {@link DeclaredForecastSource} and a
 * {@link MaxMinFairLedger}; another one in {@value #EVERY} is on a plan whose bucket
 * setup drains, so every request of it is throttled.
 * <ul>
 * <li>{@code preallocated}: tenants with a grant only: the shadow bucket serves every
 * request;</li>
 * <li>{@code standard}: tenants without a grant: shadow lookup misses, the Bucket4j
 * bucket serves the request;</li>
 * <li>{@code throttled}: tenants with an empty bucket: shadow lookup misses, the Bucket4j
 * bucket refuses, the decision carries the wait until it would hold the cost;</li>
 * <li>{@code mixed}: all tenants in turn (one in ten pre-allocated, one in ten
 * throttled).</li>
 * </ul>
 * Tenant ids come from arrays built in setup, so whatever {@code -prof gc} reports per
 * operation is allocated by the decision itself. Except on the drained plan, limits are
 * far above what a run can take. The clock is a {@link ManualTimeSource} that stays put
 * (no step changes during a run; Bucket4j then refills nothing).
 */
public class AdmissionDecisionBenchmark extends AverageTimeBenchmark {

	static final int TENANTS = 100_000;

	static final int EVERY = 10;

	private static final String DRAINED_PLAN = "drained";

	private static final String RESOURCE = "requests";

	private AdmissionEngine engine;

	private ResourceType resource;

	String[] all;

	String[] preallocated;

	String[] standard;

	String[] throttled;

	@Setup
	public void setUp() {
		ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T10:00:30Z"));
		ResourceTypes resources = new ResourceTypes(Map.of(RESOURCE, 1e12));
		this.resource = resources.get(RESOURCE);
		Map<String, Map<String, ResourceLimit>> limits = new LinkedHashMap<>();
		limits.put("bench", Map.of(RESOURCE, ResourceLimit.of(1_000_000, 1_000_000_000_000L)));
		limits.put(DRAINED_PLAN, Map.of(RESOURCE, ResourceLimit.of(1, 1)));
		Map<String, String> tenantPlans = new HashMap<>();
		Steps steps = new Steps(Duration.ofMinutes(1));

		this.all = new String[TENANTS];
		List<String> pre = new ArrayList<>();
		List<String> std = new ArrayList<>();
		List<String> thr = new ArrayList<>();
		List<DeclaredPreallocation> declared = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			String tenant = "tenant-" + t;
			this.all[t] = tenant;
			if (t % EVERY == 0) {
				pre.add(tenant);
				declared.add(DeclaredPreallocation.always(tenant, RESOURCE, 1_000_000_000_000L));
			}
			else if (t % EVERY == EVERY / 2) {
				thr.add(tenant);
				tenantPlans.put(tenant, DRAINED_PLAN);
			}
			else {
				std.add(tenant);
			}
		}
		this.preallocated = pre.toArray(new String[0]);
		this.standard = std.toArray(new String[0]);
		this.throttled = thr.toArray(new String[0]);
		PlanCatalog plans = new PlanCatalog(resources, limits, "bench", tenantPlans);

		LocalStandardBuckets buckets = new LocalStandardBuckets(plans, time, 2L * TENANTS);
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(plans, steps, time)
			.standardBuckets(buckets)
			.forecasts(new DeclaredForecastSource(declared))
			.lead(Duration.ZERO);
		parts.cycle().tick();
		ShadowBucketTable shadows = parts.shadowBucketTable();
		this.engine = parts.engine();
		for (String tenant : this.all) {
			Decision expected = (shadows.find(tenant, this.resource, time.epochNanos()) != null) ? Decision.PREALLOCATED
					: Decision.STANDARD;
			Decision decision = this.engine.admit(tenant, this.resource, 1).decision();
			if (decision != expected) {
				throw new IllegalStateException(tenant + ": " + decision + ", expected " + expected);
			}
			// pre-allocated tenants have a standard bucket too (they fall back on it once
			// the grant is used up);
			// this drains the drained plan's one-unit bucket, and the clock never moves
			// to refill it
			buckets.tryConsumeNow(tenant, this.resource, 1);
		}
		if (this.engine.admit(this.preallocated[0], this.resource, 1).decision() != Decision.PREALLOCATED
				|| this.engine.admit(this.standard[0], this.resource, 1).decision() != Decision.STANDARD
				|| this.engine.admit(this.throttled[0], this.resource, 1).decision() != Decision.THROTTLED
				|| buckets.tenantCount() != TENANTS) {
			throw new IllegalStateException("setup did not give the three paths over " + TENANTS + " tenants");
		}
	}

	/** Each thread walks the tenant arrays from its own position. */
	@State(Scope.Thread)
	public static class Cursor {

		private int next;

		int next(int length) {
			int i = this.next;
			this.next = (i + 1 == length) ? 0 : i + 1;
			return i;
		}

	}

	@Benchmark
	public AdmissionResult preallocated(Cursor cursor) {
		return this.engine.admit(this.preallocated[cursor.next(this.preallocated.length)], this.resource, 1);
	}

	@Benchmark
	public AdmissionResult standard(Cursor cursor) {
		return this.engine.admit(this.standard[cursor.next(this.standard.length)], this.resource, 1);
	}

	@Benchmark
	public AdmissionResult throttled(Cursor cursor) {
		return this.engine.admit(this.throttled[cursor.next(this.throttled.length)], this.resource, 1);
	}

	@Benchmark
	public AdmissionResult mixed(Cursor cursor) {
		return this.engine.admit(this.all[cursor.next(this.all.length)], this.resource, 1);
	}

}
