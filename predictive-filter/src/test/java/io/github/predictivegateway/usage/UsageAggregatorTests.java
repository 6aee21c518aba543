package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

class UsageAggregatorTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START.plusSeconds(5));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final ResourceType db = this.resources.get("db");

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time, this.resources, 2);

	private final long step = this.steps.indexOf(this.time.epochNanos());

	@Test
	void refusedUnitsCountAsDemandOnlyUpToTheBound() {
		UsageAggregator bounded = new UsageAggregator(this.steps, this.time, this.resources, 2,
				(tenant, resource) -> 310);
		bounded.record("flood", this.db, Decision.STANDARD, 10, 0);
		for (int i = 0; i < 1_000; i++) {
			bounded.record("flood", this.db, Decision.THROTTLED, 1, 0);
		}

		List<StepUsage> records = bounded.closeThrough(this.step);

		assertThat(records).singleElement().satisfies(usage -> {
			assertThat(usage.units()).as("10 admitted + 310 of the 1,000 refused").isEqualTo(320.0);
			assertThat(usage.throttled()).isEqualTo(1_000);
		});
	}

	@Test
	void aStepsRecordCountsOfferedDemandThrottledRequestsIncluded() {
		this.aggregator.record("acme", this.db, Decision.PREALLOCATED, 3, 100);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 2, 0);
		this.aggregator.record("acme", this.db, Decision.THROTTLED, 5, 0);
		this.aggregator.cell("acme", this.db).recordDuration(4_000_000);
		this.aggregator.cell("acme", this.db).recordDuration(6_000_000);

		List<StepUsage> records = this.aggregator.closeThrough(this.step);

		assertThat(records).containsExactly(new StepUsage("acme", "db", STEP_START, 3, 2, 1, 1, 10.0, 100, 10.0, 6.0));
	}

	@Test
	void aClosedStepIsReportedOnceAndLateRequestsGoToTheNextStep() {
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		assertThat(this.aggregator.closeThrough(this.step)).hasSize(1);

		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		assertThat(this.aggregator.closeThrough(this.step)).isEmpty();

		this.time.advance(Duration.ofMinutes(1));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		assertThat(this.aggregator.closeThrough(this.step + 1)).singleElement()
			.satisfies(r -> assertThat(r.attempted()).isEqualTo(1));
	}

	@Test
	void tenantsBeyondTheBoundOfAStepAreOnlyCountedAsOverflow() {
		this.aggregator.record("a", this.db, Decision.STANDARD, 1, 0);
		this.aggregator.record("b", this.db, Decision.STANDARD, 1, 0);
		this.aggregator.record("c", this.db, Decision.STANDARD, 1, 0);

		assertThat(this.aggregator.closeThrough(this.step)).extracting(StepUsage::tenant)
			.containsExactlyInAnyOrder("a", "b");
		assertThat(this.aggregator.overflowed()).isEqualTo(1);
	}

	@Test
	void aRequestTheCapacityGateRefusedCountsAsNotAdmitted() {
		this.aggregator.record("acme", this.db, Decision.PREALLOCATED, 1, 0);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		this.aggregator.cell("acme", this.db).refusedAtGate();

		assertThat(this.aggregator.closeThrough(this.step)).singleElement().satisfies(r -> {
			assertThat(r.attempted()).isEqualTo(2);
			assertThat(r.admitted()).isEqualTo(1);
			assertThat(r.throttled()).isEqualTo(1);
			assertThat(r.units()).isEqualTo(2.0);
		});
	}

	@Test
	void aForgedCostNearTheLargestLongCountsAsTheCapPerRequestAndCannotWrapTheSum() {
		this.aggregator.record("forger", this.db, Decision.THROTTLED, Long.MAX_VALUE, Long.MAX_VALUE);
		this.aggregator.record("forger", this.db, Decision.THROTTLED, Long.MAX_VALUE, Long.MAX_VALUE);

		assertThat(this.aggregator.closeThrough(this.step)).singleElement().satisfies(r -> {
			assertThat(r.units()).isEqualTo(2e12);
			assertThat(r.bytes()).isEqualTo(2_000_000_000_000L);
		});
	}

	@Test
	void aStepsUnitsAndBytesAreReportedUpToWhatTheForecasterAccepts() {
		for (int i = 0; i < 1001; i++) {
			this.aggregator.record("forger", this.db, Decision.THROTTLED, 1_000_000_000_000L, 1_000_000_000_000L);
		}

		assertThat(this.aggregator.closeThrough(this.step)).singleElement().satisfies(r -> {
			assertThat(r.attempted()).isEqualTo(1001);
			assertThat(r.units()).isEqualTo(1e15);
			assertThat(r.bytes()).isEqualTo(1_000_000_000_000_000L);
		});
	}

}
