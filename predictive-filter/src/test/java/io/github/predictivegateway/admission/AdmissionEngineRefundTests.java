package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.bucket.LocalStandardBuckets;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AdmissionEngine#refund}: what a request admitted by the tenant stage and refused by the capacity gate took
 * goes back to what served it, on virtual time. Plans: {@code free} 5 units/s up to 5, {@code gold} 2/s up to 4;
 * {@code acme} (gold) is granted 3 units in every one-minute step, prepared 5 s ahead.
 */
class AdmissionEngineRefundTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(5, 5)), "gold", Map.of("db", ResourceLimit.of(2, 4))),
			"free", Map.of("acme", "gold"));

	private final LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 1000);

	private final ShadowBucketTable shadows = new ShadowBucketTable(this.steps, this.resources.size());

	private final PreallocationCycle cycle = new PreallocationCycle(this.steps, this.time, this.plans,
			new DeclaredForecastSource(List.of(DeclaredPreallocation.always("acme", "db", 3))), new MaxMinFairLedger(),
			this.shadows, 0.8, Duration.ofSeconds(5));

	private final AdmissionEngine engine = new AdmissionEngine(this.plans, this.buckets, this.shadows, this.steps,
			this.time);

	@BeforeEach
	void prepareTheFirstStep() {
		this.cycle.tick();
	}

	@Test
	void aStandardRequestRefusedAtTheGateLeavesTheTenantsBucketAsItWasBeforeTheRequest() {
		AdmissionResult taken = this.engine.admit("globex", this.db, 2);
		assertThat(taken.decision()).isEqualTo(Decision.STANDARD);
		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(3);

		assertThat(this.engine.refund("globex", this.db, taken)).isCompleted();

		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(5);
	}

	@Test
	void aPreallocatedRequestRefusedAtTheGateGoesBackToItsShadowBucketNotToTheStandardOne() {
		AdmissionResult taken = this.engine.admit("acme", this.db, 2);
		assertThat(taken.decision()).isEqualTo(Decision.PREALLOCATED);
		assertThat(shadowRemaining()).isEqualTo(1);

		this.engine.refund("acme", this.db, taken);

		assertThat(shadowRemaining()).isEqualTo(3);
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(4);
	}

	@Test
	void aRefundAfterTheStepChangedDoesNotResurrectTheOldStepsGrant() {
		AdmissionResult takenInFirstStep = this.engine.admit("acme", this.db, 3);
		assertThat(takenInFirstStep.decision()).isEqualTo(Decision.PREALLOCATED);
		this.time.advance(Duration.ofSeconds(55));
		this.cycle.tick();
		this.time.advance(Duration.ofSeconds(5));
		assertThat(this.engine.admit("acme", this.db, 2).decision()).as("in the next step").isEqualTo(Decision.PREALLOCATED);

		this.engine.refund("acme", this.db, takenInFirstStep);

		assertThat(shadowRemaining()).as("the next step's grant, 3, less the 2 spent in it").isEqualTo(1);
		assertThat(this.buckets.availableTokens("acme", this.db)).as("nothing moved to the standard bucket").isEqualTo(4);
	}

	@Test
	void aRefundNeverFillsTheStandardBucketBeyondItsBurst() {
		AdmissionResult taken = this.engine.admit("globex", this.db, 2);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.buckets.availableTokens("globex", this.db)).as("refilled meanwhile").isEqualTo(5);

		this.engine.refund("globex", this.db, taken);

		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(5);
	}

	@Test
	void aThrottledRequestHasNothingToGiveBack() {
		this.engine.admit("globex", this.db, 4);
		AdmissionResult throttled = this.engine.admit("globex", this.db, 2);
		assertThat(throttled.decision()).isEqualTo(Decision.THROTTLED);

		this.engine.refund("globex", this.db, throttled);

		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(1);
	}

	private long shadowRemaining() {
		return this.shadows.find("acme", this.db, this.time.epochNanos()).remaining();
	}

}
