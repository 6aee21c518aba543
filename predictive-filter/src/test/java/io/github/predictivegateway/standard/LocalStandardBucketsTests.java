package io.github.predictivegateway.standard;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the buckets in memory add to the contract every implementation keeps
 * ({@link LocalStandardBucketsContractTests}): peeking without creating a bucket, no
 * bucket made for units given back, and a refill lifted within the plan's max-rate.
 */
class LocalStandardBucketsTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalogs plans = new PlanCatalogs(catalog(ResourceLimit.of(1, 10)));

	private final LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 100, 1.0);

	private PlanCatalog catalog(ResourceLimit free) {
		return new PlanCatalog(this.resources,
				Map.of("free", Map.of("db", free), "gold", Map.of("db", ResourceLimit.of(5, 50)), "burst",
						Map.of("db", new ResourceLimit(5, 10, 0, 1, 20))),
				"free", Map.of("acme", "gold", "bursty", "burst"));
	}

	@Test
	void peekingAtAnUnknownTenantReadsItsBurstWithoutCreatingABucket() {
		assertThat(this.buckets.peekAvailable("acme", this.db)).isEqualTo(50);
		assertThat(this.buckets.tenantCount()).isZero();
	}

	@Test
	void peekingReadsWhatIsLeftWithoutTakingIt() {
		this.buckets.tryConsumeNow("small", this.db, 6);

		assertThat(this.buckets.peekAvailable("small", this.db)).isEqualTo(4);
		assertThat(this.buckets.peekAvailable("small", this.db)).isEqualTo(4);
	}

	@Test
	void givingBackToAnUnknownTenantCreatesNoBucket() {
		this.buckets.giveBack("acme", this.db, 3).join();

		assertThat(this.buckets.tenantCount()).isZero();
	}

	@Test
	void aLiftedRefillKeepsTheUnitsHeldAndStopsAtTheMaxRate() {
		this.buckets.tryConsumeNow("bursty", this.db, 10);

		assertThat(this.buckets.refillAt("bursty", this.db, 100)).isTrue();
		assertThat(this.buckets.peekAvailable("bursty", this.db)).as("nothing handed out by the lift").isZero();
		this.time.advance(Duration.ofMillis(250));
		assertThat(this.buckets.peekAvailable("bursty", this.db)).as("max-rate 20/s, not 100: 5 in 250 ms")
			.isEqualTo(5);
		this.buckets.refillAt("bursty", this.db, 5);
		this.time.advance(Duration.ofMillis(400));
		assertThat(this.buckets.peekAvailable("bursty", this.db)).as("back at 5/s: 2 more in 400 ms").isEqualTo(7);
	}

	@Test
	void liftingATenantWithoutABucketCreatesNone() {
		assertThat(this.buckets.refillAt("bursty", this.db, 20)).isFalse();
		assertThat(this.buckets.tenantCount()).isZero();
	}

}
