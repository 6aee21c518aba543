package io.github.predictivegateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pre-allocation and usage cycles around {@link StepObservations}: 60 s steps,
 * {@code db} takes 10 units/s (600 per step, 480 reservable); {@code acme} is forecast
 * [80, 100, 120] and granted 120, {@code beta} [40, 50, 60] and granted 60.
 */
class StepObservationsTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("gold", Map.of("db", new ResourceLimit(100, 100, 1000, 1))), "gold", Map.of());

	private final ShadowBucketTable table = new ShadowBucketTable(this.steps, 1);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 3);

	private final PreallocationCycle preallocation = AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
		.shadowBucketTable(this.table)
		.forecasts((start, step) -> Map.of(new SeriesKey("acme", "db"), new Forecast(100, 80, 120),
				new SeriesKey("beta", "db"), new Forecast(50, 40, 60)))
		.lead(Duration.ofSeconds(5))
		.adjustment(this.adjustment)
		.inStepWindow(null) // grants as prepared: what is observed here is the join
		.cycle();

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time, this.resources, 100);

	private final List<ClosedStep> closed = new ArrayList<>();

	private final UsageCycle usage = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, null,
			Duration.ofSeconds(2),
			new StepObservations(this.steps, this.resources, this.table, this.adjustment, List.of(this.closed::add)));

	private void preallocated(String tenant, int requests) {
		for (int i = 0; i < requests; i++) {
			this.table.find(tenant, this.db, this.time.epochNanos()).tryConsume(1);
			this.aggregator.record(tenant, this.db, Decision.PREALLOCATED, 1, 0);
		}
	}

	private void requests(String tenant, Decision decision, int requests, long cost) {
		for (int i = 0; i < requests; i++) {
			this.aggregator.record(tenant, this.db, decision, cost, 0);
		}
	}

	private void closeFirstStep() {
		this.time.set(STEP_START.plusSeconds(56));
		this.preallocation.tick();
		this.time.set(STEP_START.plusSeconds(62));
		this.usage.tick();
	}

	private StepObservation observed(String tenant) {
		return this.closed.get(this.closed.size() - 1)
			.observations()
			.stream()
			.filter(o -> o.tenant().equals(tenant))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aClosedStepJoinsUsageWithTheForecastAndTheGrantItWasPreparedWith() {
		this.preallocation.tick();
		preallocated("acme", 50);
		requests("acme", Decision.THROTTLED, 10, 1);

		closeFirstStep();

		StepObservation acme = observed("acme");
		assertThat(acme.stepStart()).isEqualTo(STEP_START);
		assertThat(acme.offered()).isEqualTo(60.0);
		assertThat(acme.attempted()).isEqualTo(60);
		assertThat(acme.admitted()).isEqualTo(50);
		assertThat(acme.throttled()).isEqualTo(10);
		assertThat(acme.preallocated()).isEqualTo(50);
		assertThat(acme.forecast()).isEqualTo(new Forecast(100, 80, 120));
		assertThat(acme.granted()).isEqualTo(120);
		assertThat(acme.used()).isEqualTo(50);
		assertThat(acme.wasted()).isEqualTo(70);
		assertThat(acme.multiplier()).isEqualTo(1.0);
		assertThat(acme.burst()).isFalse();
	}

	/**
	 * Distributed mode: the records are the cluster's, and so is what was spent of the
	 * grant; this instance's lease holds only its share.
	 */
	@Test
	void withClusterRecordsTheGrantSpentIsTheClustersNotThisInstancesShare() {
		this.preallocation.tick();
		preallocated("acme", 20);
		long step = this.steps.indexOf(this.time.epochNanos());
		StepUsage cluster = new StepUsage("acme", "db", STEP_START, 90, 90, 75, 0, 90, 0, 0, 0);
		List<ClosedStep> seen = new ArrayList<>();

		new StepObservations(this.steps, this.resources, this.table, this.adjustment, List.of(seen::add), true)
			.stepClosed(step, List.of(cluster));

		StepObservation acme = seen.get(0)
			.observations()
			.stream()
			.filter(o -> o.tenant().equals("acme"))
			.findFirst()
			.orElseThrow();
		assertThat(acme.granted()).isEqualTo(120);
		assertThat(acme.used()).as("75 requests of 1 unit served from pre-allocation, by all instances").isEqualTo(75);
		assertThat(acme.wasted()).isEqualTo(45);
	}

	@Test
	void aSeriesWithAGrantButNoRequestsOfferedNothingAndWastedItAll() {
		this.preallocation.tick();
		preallocated("acme", 1);

		closeFirstStep();

		StepObservation beta = observed("beta");
		assertThat(beta.offered()).isZero();
		assertThat(beta.granted()).isEqualTo(60);
		assertThat(beta.wasted()).isEqualTo(60);
	}

	@Test
	void demandAboveTheUpperBoundIsABurst() {
		this.preallocation.tick();
		preallocated("beta", 60);
		requests("beta", Decision.STANDARD, 1, 1);

		closeFirstStep();

		assertThat(observed("beta").offered()).isEqualTo(61.0);
		assertThat(observed("beta").burst()).isTrue();
	}

	@Test
	void lendingIsStandardUseBeyondTheUnreservedCapacityCappedByWhatWasWasted() {
		this.preallocation.tick();
		preallocated("acme", 50);
		preallocated("beta", 60);
		// 450 standard units, where 600 - 180 = 420 were not reserved: 30 came from idle
		// reservations
		requests("gamma", Decision.STANDARD, 5, 90);

		closeFirstStep();

		assertThat(this.closed.get(0).lending()).containsExactly(
				new ResourceLending("db", this.steps.indexOf(this.time.epochNanos()) - 1, 600, 180, 70, 450, 30));
		assertThat(observed("acme").lent()).isEqualTo(30.0);
		assertThat(observed("beta").lent()).isZero();
		assertThat(observed("gamma").granted()).isZero();
	}

	@Test
	void nothingIsLentWhileStandardUseFitsTheUnreservedCapacity() {
		this.preallocation.tick();
		requests("gamma", Decision.STANDARD, 4, 100);

		closeFirstStep();

		assertThat(this.closed.get(0).lending()).extracting(ResourceLending::lent).containsExactly(0.0);
	}

	@Test
	void stepsClosedTogetherReachTheObserversOldestFirst() {
		this.preallocation.tick();
		preallocated("acme", 5);
		this.time.set(STEP_START.plusSeconds(56));
		this.preallocation.tick();
		this.time.set(STEP_START.plusSeconds(60));
		preallocated("acme", 7);
		this.time.set(STEP_START.plusSeconds(122));

		this.usage.tick();

		assertThat(this.closed).extracting(ClosedStep::stepStart)
			.containsExactly(STEP_START, STEP_START.plusSeconds(60));
		assertThat(this.closed).extracting(c -> c.observations().get(0).used()).containsExactly(5L, 7L);
	}

	@Test
	void anObserverThatThrowsStopsNeitherTheOthersNorTheAdjustment() {
		List<ClosedStep> seen = new ArrayList<>();
		UsageCycle cycle = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, null,
				Duration.ofSeconds(2),
				new StepObservations(this.steps, this.resources, this.table, this.adjustment, List.of(closed -> {
					throw new IllegalStateException("broken observer");
				}, seen::add)));
		this.preallocation.tick();
		long step = this.steps.indexOf(this.time.epochNanos());
		preallocated("beta", 60);
		requests("beta", Decision.STANDARD, 1, 1);
		this.time.set(STEP_START.plusSeconds(62));

		cycle.tick();

		assertThat(seen).hasSize(1);
		// the adjustment learnt the step: its forecasts are consumed and beta's burst
		// counted
		assertThat(this.adjustment.expected(step)).isEmpty();
		assertThat(this.adjustment.bursts(new SeriesKey("beta", "db"))).isEqualTo(1);
	}

}
