package io.github.predictivegateway.standard;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Buckets in memory at a share of each plan (distributed mode's fail-open fallback), and
 * the settings they accept, on a manual clock: the free plan is 10 units/s up to 25.
 */
class LocalStandardBucketsShareTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(10, 25))), "free", Map.of());

	private LocalStandardBuckets buckets(double share) {
		return new LocalStandardBuckets(this.plans, this.time, 100, share);
	}

	/** Takes one unit at a time until refused; the units taken. */
	private static long takeAll(LocalStandardBuckets buckets, ResourceType resource) {
		long taken = 0;
		while (taken <= 1000 && buckets.tryTake("acme", resource, 1) >= 0) {
			taken++;
		}
		return taken;
	}

	@Test
	void aBucketAtAShareHoldsThatShareOfTheBurstRoundedUp() {
		assertThat(takeAll(buckets(0.5), this.db)).as("25 x 0.5 = 12.5").isEqualTo(13);
	}

	@Test
	void aBucketAtAShareRefillsAtThatShareOfTheRate() {
		LocalStandardBuckets buckets = buckets(0.5);
		takeAll(buckets, this.db);

		this.time.advance(Duration.ofSeconds(2));

		assertThat(buckets.availableTokens("acme", this.db)).as("2 s at 10 x 0.5 units/s").isEqualTo(10);
	}

	@Test
	void aBucketAtATinyShareStillHoldsOneUnit() {
		assertThat(takeAll(buckets(0.01), this.db)).isEqualTo(1);
	}

	@Test
	void peekingAtATenantNotSeenAtAShareReadsThatShareOfTheBurst() {
		assertThat(buckets(0.5).peekAvailable("acme", this.db)).isEqualTo(13);
	}

	@Test
	void theWholePlanAndASingleTenantAreAccepted() {
		LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 1, 1.0);

		assertThat(takeAll(buckets, this.db)).isEqualTo(25);
	}

	@Test
	void aShareOfZeroOrAboveOneOrNotANumberIsRefused() {
		for (double share : new double[] { 0, -0.5, 1.000001, Double.NaN }) {
			assertThatIllegalArgumentException().isThrownBy(() -> buckets(share))
				.withMessage("share must be within (0, 1], got " + share);
		}
	}

	@Test
	void fewerThanOneTenantIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LocalStandardBuckets(this.plans, this.time, 0, 1.0))
			.withMessage("max tenants must be at least 1, got 0");
	}

	@Test
	void noMoreTenantsAreHeldThanTheBound() {
		LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 2, 1.0);

		for (String tenant : new String[] { "a", "b", "c", "d" }) {
			buckets.tryTake(tenant, this.db, 1);
		}

		assertThat(buckets.tenantCount()).isEqualTo(2);
	}

}
