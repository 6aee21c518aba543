package io.github.predictivegateway.standard;

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
 * ({@link LocalStandardBucketsContractTests}): peeking without creating a bucket, and no
 * bucket made for units given back.
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
