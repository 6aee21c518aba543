package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdmissionEngineTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(
			this.resources, Map.of("free", Map.of("db", ResourceLimit.of(5, 5)), "gold",
					Map.of("db", ResourceLimit.of(2, 4)), "slow", Map.of("db", ResourceLimit.of(0.5, 1))),
			"free", Map.of("acme", "gold", "sloth", "slow"));

	private LocalStandardBuckets buckets;

	private ShadowBucketTable shadows;

	private AdmissionEngine engine;

	@BeforeEach
	void setUp() {
		this.buckets = new LocalStandardBuckets(this.plans, this.time, 1000);
		this.shadows = new ShadowBucketTable(this.steps, this.resources.size());
		this.engine = new AdmissionEngine(this.plans, this.buckets, this.shadows, this.steps, this.time);
	}

	/**
	 * Prepares the current step's grants (and the next one's 5 s ahead of it, when ticked
	 * again).
	 */
	private PreallocationCycle declare(DeclaredPreallocation... declarations) {
		PreallocationCycle cycle = AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.shadows)
			.forecasts(new DeclaredForecastSource(java.util.List.of(declarations)))
			.lead(Duration.ofSeconds(5))
			.cycle();
		cycle.tick();
		return cycle;
	}

	@Test
	void preallocatedTokensAreSpentFirstAndLeaveTheStandardBucketUntouched() {
		declare(DeclaredPreallocation.always("acme", "db", 3));

		assertThat(this.engine.admit("acme", this.db, 1))
			.extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.PREALLOCATED, 2L);
		assertThat(this.engine.admit("acme", this.db, 2))
			.extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.PREALLOCATED, 0L);
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(4);
	}

	@Test
	void standardBucketServesWhatThePreallocationCannot() {
		declare(DeclaredPreallocation.always("acme", "db", 3));
		this.engine.admit("acme", this.db, 2);

		AdmissionResult result = this.engine.admit("acme", this.db, 2);

		assertThat(result.decision()).isEqualTo(Decision.STANDARD);
		assertThat(result.remaining()).isEqualTo(2);
		assertThat(this.engine.admit("acme", this.db, 1).decision()).isEqualTo(Decision.PREALLOCATED);
	}

	@Test
	void requestsBeyondTheBurstAreThrottledWithRetryAfterInWholeSeconds() {
		for (int i = 4; i >= 0; i--) {
			assertThat(this.engine.admit("globex", this.db, 1))
				.extracting(AdmissionResult::decision, AdmissionResult::remaining)
				.containsExactly(Decision.STANDARD, (long) i);
		}

		AdmissionResult throttled = this.engine.admit("globex", this.db, 1);

		assertThat(throttled.decision()).isEqualTo(Decision.THROTTLED);
		assertThat(throttled.remaining()).isZero();
		assertThat(throttled.retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void retryAfterRoundsTheRefillWaitUp() {
		this.engine.admit("sloth", this.db, 1);

		assertThat(this.engine.admit("sloth", this.db, 1).retryAfterSeconds()).isEqualTo(2);
	}

	@Test
	void retryAfterCountsThePartOfAUnitAlreadyRefilled() {
		// 0.5 units/s: after 1 s + 1 ns half a unit and a nanosecond's worth are back, so
		// the wait is 1 s - 1 ns
		this.engine.admit("sloth", this.db, 1);
		this.time.advance(Duration.ofSeconds(1).plusNanos(1));

		assertThat(this.engine.admit("sloth", this.db, 1).retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void retryAfterOfAWaitOfOneSecondAndOneNanosecondIsTwoSeconds() {
		this.engine.admit("sloth", this.db, 1);
		this.time.advance(Duration.ofSeconds(1).minusNanos(1));

		assertThat(this.engine.admit("sloth", this.db, 1).retryAfterSeconds()).isEqualTo(2);
	}

	@Test
	void aThrottledRequestIsToldWhatTheBucketHolds() {
		this.engine.admit("globex", this.db, 3);

		AdmissionResult throttled = this.engine.admit("globex", this.db, 3);

		assertThat(throttled)
			.extracting(AdmissionResult::decision, AdmissionResult::remaining, AdmissionResult::retryAfterSeconds)
			.containsExactly(Decision.THROTTLED, 2L, 1L);
		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(2);
	}

	@Test
	void standardBucketRefillsAtThePlanRate() {
		for (int i = 0; i < 5; i++) {
			this.engine.admit("globex", this.db, 1);
		}
		this.time.advance(Duration.ofMillis(400));

		assertThat(this.engine.admit("globex", this.db, 2).decision()).isEqualTo(Decision.STANDARD);
		assertThat(this.engine.admit("globex", this.db, 1).decision()).isEqualTo(Decision.THROTTLED);
	}

	@Test
	void whatIsLeftOfAGrantExpiresAtTheStepEnd() {
		declare(DeclaredPreallocation.always("acme", "db", 3));
		this.engine.admit("acme", this.db, 1);

		this.time.advance(Duration.ofMinutes(1));

		assertThat(this.engine.admit("acme", this.db, 1).decision()).isEqualTo(Decision.STANDARD);
	}

	@Test
	void theNextStepsGrantIsInFullFromItsFirstInstant() {
		this.time.set(STEP_START.plusSeconds(56));
		declare(DeclaredPreallocation.always("acme", "db", 3));
		this.engine.admit("acme", this.db, 3);
		assertThat(this.engine.admit("acme", this.db, 1).decision()).isEqualTo(Decision.STANDARD);

		this.time.set(STEP_START.plusSeconds(60));

		assertThat(this.engine.admit("acme", this.db, 3))
			.extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.PREALLOCATED, 0L);
	}

	@Test
	void tenantsDoNotShareBuckets() {
		for (int i = 0; i < 5; i++) {
			this.engine.admit("globex", this.db, 1);
		}

		assertThat(this.engine.admit("initech", this.db, 1))
			.extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.STANDARD, 4L);
	}

	@Test
	void aCostAboveTheBurstWaitsForTheNextStepsPreallocation() {
		this.time.set(STEP_START.plusSeconds(50));

		AdmissionResult result = this.engine.admit("globex", this.db, 6);

		assertThat(result.decision()).isEqualTo(Decision.THROTTLED);
		assertThat(result.retryAfterSeconds()).isEqualTo(10);
		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(5);
	}

	@Test
	void unknownTenantsAreLimitedByTheDefaultPlan() {
		AdmissionResult result = this.engine.admit("someone-new", this.db, 1);

		assertThat(result.planName()).isEqualTo("free");
		assertThat(result.limit()).isEqualTo(ResourceLimit.of(5, 5));
	}

	@Test
	void aCostBelowOneUnitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.engine.admit("acme", this.db, 0))
			.withMessageContaining("cost must be at least 1");
	}

	// refunds: what a request admitted here and refused by the capacity gate took goes
	// back to what served it

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
		declare(DeclaredPreallocation.always("acme", "db", 3));
		AdmissionResult taken = this.engine.admit("acme", this.db, 2);
		assertThat(taken.decision()).isEqualTo(Decision.PREALLOCATED);
		assertThat(shadowRemaining()).isEqualTo(1);

		this.engine.refund("acme", this.db, taken);

		assertThat(shadowRemaining()).isEqualTo(3);
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(4);
	}

	@Test
	void aRefundAfterTheStepChangedDoesNotResurrectTheOldStepsGrant() {
		PreallocationCycle cycle = declare(DeclaredPreallocation.always("acme", "db", 3));
		AdmissionResult takenInFirstStep = this.engine.admit("acme", this.db, 3);
		assertThat(takenInFirstStep.decision()).isEqualTo(Decision.PREALLOCATED);
		this.time.advance(Duration.ofSeconds(55));
		cycle.tick();
		this.time.advance(Duration.ofSeconds(5));
		assertThat(this.engine.admit("acme", this.db, 2).decision()).as("in the next step")
			.isEqualTo(Decision.PREALLOCATED);

		this.engine.refund("acme", this.db, takenInFirstStep);

		assertThat(shadowRemaining()).as("the next step's grant, 3, less the 2 spent in it").isEqualTo(1);
		assertThat(this.buckets.availableTokens("acme", this.db)).as("nothing moved to the standard bucket")
			.isEqualTo(4);
	}

	@Test
	void aRefundInAStepWithoutGrantsChangesNothing() {
		declare(DeclaredPreallocation.always("acme", "db", 3));
		AdmissionResult taken = this.engine.admit("acme", this.db, 2);
		this.time.advance(Duration.ofMinutes(2));

		assertThat(this.engine.refund("acme", this.db, taken)).isCompleted();

		assertThat(this.shadows.grantsAt(this.time.epochNanos())).as("no step prepared").isNull();
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(4);
	}

	@Test
	void aRefundForATenantWithoutAGrantInTheStepChangesNothing() {
		declare(DeclaredPreallocation.always("acme", "db", 3));
		AdmissionResult taken = this.engine.admit("acme", this.db, 2);

		assertThat(this.engine.refund("globex", this.db, taken)).isCompleted();

		assertThat(shadowRemaining()).isEqualTo(1);
		assertThat(this.buckets.availableTokens("globex", this.db)).isEqualTo(5);
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

	/** What acme's shadow bucket holds in the current step. */
	private long shadowRemaining() {
		return this.shadows.find("acme", this.db, this.time.epochNanos()).remaining();
	}

}
