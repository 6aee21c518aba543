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
 * Plans replaced while tenants hold tokens, on a manual clock: a tenant's bucket keeps
 * its tokens (capped at the new burst) and refills at the new rate from then on; tenants
 * whose limits did not change are not touched.
 */
class LocalStandardBucketsTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalogs plans = new PlanCatalogs(catalog(ResourceLimit.of(1, 10)));

	private final LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 100, 1.0);

	private PlanCatalog catalog(ResourceLimit free) {
		return new PlanCatalog(this.resources,
				Map.of("free", Map.of("db", free), "gold", Map.of("db", ResourceLimit.of(5, 50))), "free",
				Map.of("acme", "gold"));
	}

	@Test
	void aRaisedPlanKeepsTheTokensLeftAndRefillsAtTheNewRate() {
		assertThat(this.buckets.tryConsumeNow("small", this.db, 6).getRemainingTokens()).isEqualTo(4);
		assertThat(this.buckets.tryConsumeNow("acme", this.db, 20).getRemainingTokens()).isEqualTo(30);

		this.plans.replace(catalog(ResourceLimit.of(2, 20)));

		assertThat(this.buckets.availableTokens("small", this.db)).isEqualTo(4);
		this.time.advance(Duration.ofSeconds(3));
		assertThat(this.buckets.availableTokens("small", this.db)).isEqualTo(10);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(this.buckets.availableTokens("small", this.db)).isEqualTo(20);
		// gold did not change: 30 + 13 s x 5/s, capped at 50
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(50);
	}

	@Test
	void aLoweredPlanCapsTheTokensAtTheNewBurst() {
		assertThat(this.buckets.tryConsumeNow("small", this.db, 2).getRemainingTokens()).isEqualTo(8);

		this.plans.replace(catalog(ResourceLimit.of(1, 5)));

		assertThat(this.buckets.availableTokens("small", this.db)).isEqualTo(5);
		assertThat(this.buckets.tryConsumeNow("small", this.db, 5).isConsumed()).isTrue();
		assertThat(this.buckets.tryConsumeNow("small", this.db, 1).isConsumed()).isFalse();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.buckets.availableTokens("small", this.db)).isEqualTo(1);
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

}
