package io.github.predictivegateway.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Applying one forecast snapshot: {@link PreallocationCycle} preparing one step from a
 * {@code ForecastSource} of {@code series} series (one resource type, one series per
 * tenant) through a {@link MaxMinFairLedger}, down to the shadow buckets installed in the
 * {@link ShadowBucketTable}. Each operation moves the clock on by one step and ticks the
 * cycle, which prepares exactly that step.
 * <p>
 * The source returns a map built in setup (the forecasts' own computation and transfer
 * are the sidecar's and are measured by its {@code benchmark} command), with upper bounds
 * spread over 100–10,099 units and tenants on four plans of weights 1 to 4.
 * {@code oversubscribed=false}: the reservable capacity holds every request, so each
 * tenant gets what it asked for; {@code true}: it holds half of the total, so the ledger
 * water-fills by weight.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotApplicationBenchmark extends AverageTimeBenchmark {

	private static final String RESOURCE = "requests";

	private static final double RESERVABLE = 0.8;

	@Param({ "10000" })
	public int series;

	@Param({ "false", "true" })
	public boolean oversubscribed;

	private ManualTimeSource time;

	private Steps steps;

	private ShadowBucketTable table;

	private PreallocationCycle cycle;

	@Setup
	public void setUp() {
		this.steps = new Steps(Duration.ofMinutes(1));
		Map<SeriesKey, Forecast> snapshot = new HashMap<>();
		Map<String, String> tenantPlans = new HashMap<>();
		double total = 0;
		for (int t = 0; t < this.series; t++) {
			String tenant = "tenant-" + t;
			double upper = 100 + (t * 7919L) % 10_000;
			snapshot.put(new SeriesKey(tenant, RESOURCE), new Forecast(upper * 0.8, upper * 0.6, upper));
			tenantPlans.put(tenant, "w" + (1 + t % 4));
			total += upper;
		}
		double perStep = this.oversubscribed ? total / 2 : total * 4;
		double capacity = perStep / RESERVABLE / this.steps.lengthSeconds();
		ResourceTypes resources = new ResourceTypes(Map.of(RESOURCE, capacity));
		Map<String, Map<String, ResourceLimit>> limits = new LinkedHashMap<>();
		for (int w = 1; w <= 4; w++) {
			limits.put("w" + w, Map.of(RESOURCE, new ResourceLimit(100, 1_000, ResourceLimit.NO_PREALLOCATION_CAP, w)));
		}
		PlanCatalog plans = new PlanCatalog(resources, limits, "w1", tenantPlans);
		this.time = new ManualTimeSource(Instant.parse("2026-11-30T10:00:00Z"));
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(plans, this.steps, this.time)
			.forecasts((start, length) -> snapshot)
			.reservableFraction(RESERVABLE)
			.lead(Duration.ZERO);
		this.table = parts.shadowBucketTable();
		this.cycle = parts.cycle();
		this.cycle.tick();
		check(resources.get(RESOURCE), snapshot, total);
	}

	private void check(ResourceType resource, Map<SeriesKey, Forecast> snapshot, double total) {
		long now = this.time.epochNanos();
		long granted = 0;
		for (SeriesKey key : snapshot.keySet()) {
			if (this.table.find(key.tenant(), resource, now) == null) {
				throw new IllegalStateException("no grant for " + key.tenant());
			}
			granted += this.table.find(key.tenant(), resource, now).granted();
		}
		boolean full = granted >= (long) total;
		if (full == this.oversubscribed) {
			throw new IllegalStateException(
					"granted " + granted + " of " + (long) total + ", oversubscribed=" + this.oversubscribed);
		}
	}

	@Benchmark
	public StepGrants prepareStep() {
		this.time.advance(this.steps.length());
		this.cycle.tick();
		return this.table.grantsAt(this.time.epochNanos());
	}

}
