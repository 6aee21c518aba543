package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant stage in distributed mode: the {@link AdmissionEngine} deciding against
 * {@link RedisStandardBuckets} in the test Redis (its asynchronous path, the one every
 * Redis-mode request takes), on a manual clock, so every token is counted exactly. The
 * shared bucket is read back through a second instance (another connection), as another
 * gateway would see it.
 */
class RedisModeAdmissionTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final RedisFixture redis = new RedisFixture();

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("gold", Map.of("db", ResourceLimit.of(10, 10)), "slow", Map.of("db", ResourceLimit.of(0.5, 4))),
			"gold", Map.of("sloth", "slow"));

	private final RedisStandardBuckets shared = buckets();

	private final RedisStandardBuckets otherInstance = buckets();

	private final ShadowBucketTable shadows = new ShadowBucketTable(this.steps, this.resources.size());

	private final AdmissionEngine engine = new AdmissionEngine(this.plans, this.shared, this.shadows, this.steps,
			this.time);

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	private RedisStandardBuckets buckets() {
		return new RedisStandardBuckets(this.redis.connector(), this.redis.keys(), PlanCatalogs.of(this.plans),
				this.time, RedisFixture.guard(), 1000);
	}

	/** The current step's grant of {@code units} for the tenant, in this instance. */
	private void grant(String tenant, long units) {
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.shadows)
			.forecasts(new DeclaredForecastSource(List.of(DeclaredPreallocation.always(tenant, "db", units))))
			.lead(Duration.ofSeconds(5))
			.cycle()
			.tick();
	}

	private AdmissionResult admit(String tenant, long cost) {
		return this.engine.admitAsync(tenant, this.db, cost).join();
	}

	@Test
	void theEngineDecidesAgainstTheSharedBucketAsynchronously() {
		assertThat(this.engine.decidesAtOnce()).isFalse();

		assertThat(admit("acme", 4)).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.STANDARD, 6L);
	}

	@Test
	void aPreallocatedRequestLeavesTheSharedStandardBucketsTokensExactlyAsTheyWere() {
		grant("acme", 3);
		ConsumptionProbe before = this.shared.tryConsume("acme", this.db, 4).join();
		assertThat(before.getRemainingTokens()).isEqualTo(6);

		assertThat(admit("acme", 2)).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.PREALLOCATED, 1L);
		assertThat(admit("acme", 1)).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.PREALLOCATED, 0L);

		// taking 6 from the other instance empties the bucket exactly: 6 were there, not
		// 5
		// or 3
		ConsumptionProbe after = this.otherInstance.tryConsume("acme", this.db, 6).join();
		assertThat(after.isConsumed()).as("the shared bucket still holds the 6 tokens it held").isTrue();
		assertThat(after.getRemainingTokens()).isZero();
	}

	@Test
	void aRequestThePreallocationCannotServeIsChargedToTheSharedBucketOnly() {
		grant("acme", 3);

		assertThat(admit("acme", 5)).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.containsExactly(Decision.STANDARD, 5L);
		assertThat(admit("acme", 3)).extracting(AdmissionResult::decision, AdmissionResult::remaining)
			.as("the grant was not touched by the standard request")
			.containsExactly(Decision.PREALLOCATED, 0L);
		assertThat(this.otherInstance.tryConsume("acme", this.db, 5).join().getRemainingTokens()).isZero();
	}

	@Test
	void aThrottledRequestInRedisModeIsToldTheWholeSecondsUntilTheSharedBucketHoldsItsCost() {
		assertThat(admit("sloth", 4).decision()).isEqualTo(Decision.STANDARD);
		this.time.advance(Duration.ofMillis(500));

		// 0.25 of a token refilled: 2.75 more at 0.5 per second take 5.5 s
		AdmissionResult throttled = admit("sloth", 3);

		assertThat(throttled).extracting(AdmissionResult::decision, AdmissionResult::retryAfterSeconds)
			.containsExactly(Decision.THROTTLED, 6L);
	}

}
