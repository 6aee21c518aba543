package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's decision against standard buckets in a remote store (distributed mode's
 * path, {@link AdmissionEngine#admitAsync}), with the store played by a
 * {@link RemoteBuckets}: buckets in memory, on a manual clock, whose answers the test
 * releases when it says so, or that fails. Every figure is exact; the real Redis store is
 * {@code redis.RedisModeAdmissionTests}.
 */
class AdmissionEngineAsyncTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(5, 5)), "slow", Map.of("db", ResourceLimit.of(0.5, 4))),
			"free", Map.of("sloth", "slow"));

	private final LocalStandardBuckets memory = new LocalStandardBuckets(this.plans, this.time, 1000);

	private final RemoteBuckets remote = new RemoteBuckets(this.memory);

	private final ShadowBucketTable shadows = new ShadowBucketTable(this.steps, this.resources.size());

	private final AdmissionEngine engine = new AdmissionEngine(this.plans, this.remote, this.shadows, this.steps,
			this.time);

	@BeforeEach
	void grantAcmeThreeUnits() {
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.shadows)
			.forecasts(new DeclaredForecastSource(List.of(DeclaredPreallocation.always("acme", "db", 3))))
			.lead(Duration.ofSeconds(5))
			.cycle()
			.tick();
	}

	@Test
	void theEngineDoesNotDecideAtOnceWithARemoteStore() {
		assertThat(this.engine.decidesAtOnce()).isFalse();
		assertThat(new AdmissionEngine(this.plans, this.memory, this.shadows, this.steps, this.time).decidesAtOnce())
			.isTrue();
	}

	@Test
	void aPreallocatedRequestIsDecidedAtOnceWithoutAskingTheStore() {
		CompletableFuture<AdmissionResult> result = this.engine.admitAsync("acme", this.db, 2);

		assertThat(done(result)).isEqualTo(new AdmissionResult(Decision.PREALLOCATED, 2, 1,
				this.steps.indexOf(this.time.epochNanos()), 60, "free", ResourceLimit.of(5, 5)));
		assertThat(this.remote.calls).isEmpty();
		assertThat(this.memory.availableTokens("acme", this.db)).isEqualTo(5);
	}

	@Test
	void aRequestThePreallocationCannotServeWaitsForTheStoresAnswer() {
		CompletableFuture<AdmissionResult> result = this.engine.admitAsync("acme", this.db, 4);

		assertThat(result).isNotDone();
		assertThat(this.remote.calls).containsExactly("tryConsume acme 4");
		this.remote.answer();
		assertThat(done(result)).isEqualTo(new AdmissionResult(Decision.STANDARD, 4, 1, AdmissionResult.NO_STEP, 1,
				"free", ResourceLimit.of(5, 5)));
		assertThat(done(this.engine.admitAsync("acme", this.db, 3)).remaining()).as("the grant untouched").isZero();
	}

	@Test
	void aStoreThatAnswersAtOnceGivesAnAnswerAtOnce() {
		this.remote.answersAtOnce = true;

		CompletableFuture<AdmissionResult> result = this.engine.admitAsync("globex", this.db, 2);

		assertThat(result).isCompleted();
		assertThat(result.join())
			.extracting(AdmissionResult::decision, AdmissionResult::remaining, AdmissionResult::resetSeconds)
			.containsExactly(Decision.STANDARD, 3L, 1L);
		assertThat(this.engine.admit("globex", this.db, 3).remaining()).isZero();
	}

	@Test
	void admitRefusesToWaitForAStoreThatAnswersLater() {
		assertThatIllegalStateException().isThrownBy(() -> this.engine.admit("globex", this.db, 1))
			.withMessage("the standard buckets are remote; use admitAsync");
	}

	@Test
	void aThrottledRequestIsToldTheWholeSecondsUntilTheStoresBucketHoldsItsCost() {
		this.remote.answersAtOnce = true;
		done(this.engine.admitAsync("sloth", this.db, 4));
		this.time.advance(Duration.ofMillis(500));

		// 0.25 of a unit refilled: 2.75 more at 0.5 per second take 5.5 s
		AdmissionResult throttled = done(this.engine.admitAsync("sloth", this.db, 3));

		assertThat(throttled).isEqualTo(new AdmissionResult(Decision.THROTTLED, 3, 0, AdmissionResult.NO_STEP, 6,
				"slow", ResourceLimit.of(0.5, 4)));
		assertThat(throttled.retryAfterSeconds()).isEqualTo(6);
	}

	@Test
	void aCostAboveTheBurstIsToldToRetryAtTheNextStep() {
		this.remote.answersAtOnce = true;
		this.time.advance(Duration.ofSeconds(15));

		AdmissionResult throttled = done(this.engine.admitAsync("globex", this.db, 6));

		assertThat(throttled).extracting(AdmissionResult::decision, AdmissionResult::retryAfterSeconds)
			.containsExactly(Decision.THROTTLED, 45L);
	}

	@Test
	void aStoreThatFailsFailsTheDecisionWithItsException() {
		this.remote.fails = true;

		CompletableFuture<AdmissionResult> result = this.engine.admitAsync("globex", this.db, 1);

		assertThat(result).isCompletedExceptionally();
		assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(StoreUnavailableException.class);
	}

	@Test
	void aCostBelowOneUnitIsRefusedBeforeAnythingIsAsked() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.engine.admitAsync("acme", this.db, 0));
		assertThat(this.remote.calls).isEmpty();
	}

	@Test
	void theFallbackBucketsPassedInDecideInsteadOfTheStore() {
		AdmissionResult result = done(this.engine.admitAsync("globex", this.db, 2, this.memory));

		assertThat(result).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.STANDARD, 3L);
		assertThat(this.remote.calls).isEmpty();
	}

	@Test
	void aStandardRequestRefusedAtTheGateIsGivenBackToTheStore() {
		this.remote.answersAtOnce = true;
		AdmissionResult admitted = done(this.engine.admitAsync("globex", this.db, 2));

		done(this.engine.refund("globex", this.db, admitted));

		assertThat(this.remote.calls).containsExactly("tryConsume globex 2", "giveBack globex 2");
		assertThat(this.memory.availableTokens("globex", this.db)).isEqualTo(5);
	}

	@Test
	void aThrottledRequestGivesNothingBackToTheStore() {
		this.remote.answersAtOnce = true;
		done(this.engine.admitAsync("globex", this.db, 5));
		AdmissionResult throttled = done(this.engine.admitAsync("globex", this.db, 1));

		assertThat(this.engine.refund("globex", this.db, throttled)).isCompleted();

		assertThat(this.remote.calls).containsExactly("tryConsume globex 5", "tryConsume globex 1");
	}

	/**
	 * The value of a future that must be complete by now: never waits (a decision that is
	 * not complete fails the test instead of hanging it).
	 */
	private static <T> T done(CompletableFuture<T> future) {
		assertThat(future).as("complete").isDone();
		return future.join();
	}

	/**
	 * Standard buckets in a "remote store": the buckets of {@code memory}, behind futures
	 * completed when {@link #answer()} is called (or at once, or failed).
	 */
	private static final class RemoteBuckets implements StandardBuckets {

		private final LocalStandardBuckets memory;

		final List<String> calls = new ArrayList<>();

		private final List<Runnable> pending = new ArrayList<>();

		boolean answersAtOnce;

		boolean fails;

		RemoteBuckets(LocalStandardBuckets memory) {
			this.memory = memory;
		}

		@Override
		public CompletableFuture<ConsumptionProbe> tryConsume(String tenant, ResourceType resource, long cost) {
			this.calls.add("tryConsume " + tenant + " " + cost);
			return later(() -> this.memory.tryConsume(tenant, resource, cost).join());
		}

		@Override
		public CompletableFuture<Void> giveBack(String tenant, ResourceType resource, long units) {
			this.calls.add("giveBack " + tenant + " " + units);
			return later(() -> this.memory.giveBack(tenant, resource, units).join());
		}

		private <T> CompletableFuture<T> later(java.util.function.Supplier<T> answer) {
			if (this.fails) {
				return CompletableFuture.failedFuture(new StoreUnavailableException("Redis is away", null));
			}
			if (this.answersAtOnce) {
				return CompletableFuture.completedFuture(answer.get());
			}
			CompletableFuture<T> future = new CompletableFuture<>();
			this.pending.add(() -> future.complete(answer.get()));
			return future;
		}

		void answer() {
			List<Runnable> answers = List.copyOf(this.pending);
			this.pending.clear();
			answers.forEach(Runnable::run);
		}

	}

}
