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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a step's record counts, per tenant and resource type, and which steps a close
 * reports: one-minute steps, two resource types.
 */
class UsageAggregatorCountsTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START.plusSeconds(5));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0, "cpu", 5.0));

	private final ResourceType db = this.resources.get("db");

	private final ResourceType cpu = this.resources.get("cpu");

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time, this.resources, 10);

	private final long step = this.steps.indexOf(this.time.epochNanos());

	@Test
	void queuedRequestsCountAsAdmittedAndAGateRefusalOfAPreallocatedOneIsNotPreallocated() {
		this.aggregator.record("acme", this.db, Decision.QUEUED, 1, 0);
		this.aggregator.record("acme", this.db, Decision.PREALLOCATED, 1, 0);
		this.aggregator.cell("acme", this.db).refusedAtGate();
		this.aggregator.cell("acme", this.db).refusedAtGate();

		assertThat(this.aggregator.closeThrough(this.step))
			.containsExactly(new StepUsage("acme", "db", STEP_START, 2, 0, 0, 2, 2.0, 0, 0, 0));
	}

	@Test
	void aTenantIsReportedOnlyForTheResourceTypesItAskedFor() {
		this.aggregator.record("acme", this.cpu, Decision.STANDARD, 3, 0);

		assertThat(this.aggregator.closeThrough(this.step))
			.containsExactly(new StepUsage("acme", "cpu", STEP_START, 1, 1, 0, 0, 3.0, 0, 0, 0));
	}

	@Test
	void streamedUnitsAndBytesAddToTheRequestsAndNegativeOnesCountForNothing() {
		UsageCell cell = this.aggregator.cell("acme", this.db);
		cell.record(Decision.STANDARD, 2, -7);
		cell.streamed(5, 40);
		cell.streamed(-3, -9);
		cell.recordDuration(-1);
		cell.recordDuration(3_000_000);

		assertThat(this.aggregator.closeThrough(this.step))
			.containsExactly(new StepUsage("acme", "db", STEP_START, 1, 1, 0, 0, 7.0, 40, 3.0, 3.0));
	}

	@Test
	void streamedUnitsAndBytesAreCappedPerRequest() {
		UsageCell cell = this.aggregator.cell("acme", this.db);
		cell.record(Decision.STANDARD, 1, 0);
		cell.streamed(Long.MAX_VALUE, Long.MAX_VALUE);

		assertThat(this.aggregator.closeThrough(this.step)).singleElement().satisfies(r -> {
			assertThat(r.units()).isEqualTo(1e12 + 1);
			assertThat(r.bytes()).isEqualTo(1_000_000_000_000L);
		});
	}

	@Test
	void closingAStepReportsItAndTheOpenStepsBeforeItNotThoseAfter() {
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		this.time.advance(Duration.ofMinutes(1));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 2, 0);
		this.time.advance(Duration.ofMinutes(1));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 4, 0);

		assertThat(this.aggregator.closeThrough(this.step + 1)).extracting(StepUsage::units)
			.containsExactlyInAnyOrder(1.0, 2.0);
		assertThat(this.aggregator.closeThrough(this.step + 2)).extracting(StepUsage::units).containsExactly(4.0);
	}

	@Test
	void aRequestRecordedInAStepAlreadyClosedIsNeverReported() {
		this.aggregator.closeThrough(this.step);

		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);

		assertThat(this.aggregator.closeThrough(this.step)).isEmpty();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(this.aggregator.closeThrough(this.step + 1)).isEmpty();
	}

	@Test
	void aBoundOfOneTenantPerStepKeepsTheFirstAndZeroIsRefused() {
		UsageAggregator one = new UsageAggregator(this.steps, this.time, this.resources, 1);
		one.record("acme", this.db, Decision.STANDARD, 1, 0);
		one.record("acme", this.cpu, Decision.STANDARD, 1, 0);
		one.record("globex", this.db, Decision.STANDARD, 1, 0);

		assertThat(one.closeThrough(this.step)).extracting(StepUsage::tenant).containsExactly("acme", "acme");
		assertThat(one.overflowed()).isEqualTo(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UsageAggregator(this.steps, this.time, this.resources, 0))
			.withMessage("max tenants per step must be at least 1, got 0");
	}

	@Test
	void aNewStepHasRoomForAsManyTenantsAsTheBoundWhateverTheStepBefore() {
		UsageAggregator one = new UsageAggregator(this.steps, this.time, this.resources, 1);
		one.record("acme", this.db, Decision.STANDARD, 1, 0);
		this.time.advance(Duration.ofMinutes(1));

		one.record("globex", this.db, Decision.STANDARD, 1, 0);

		List<StepUsage> records = one.closeThrough(this.step + 1);
		assertThat(records).extracting(StepUsage::tenant).containsExactlyInAnyOrder("acme", "globex");
		assertThat(one.overflowed()).isZero();
	}

}
