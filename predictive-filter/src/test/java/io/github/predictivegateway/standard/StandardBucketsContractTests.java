package io.github.predictivegateway.standard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link StandardBuckets} does, wherever its buckets live, in the manner of
 * Bucket4j's TCK: a subclass only says how to make the buckets
 * ({@link #buckets(PlanCatalogs)}), on {@link #time}, a manual clock, so every number
 * below is exact.
 *
 * <p>
 * The plans: tenants on {@code free} get 10 units/s with a burst of 10 for each resource
 * type ({@code db}, {@code cache}); {@code acme} is on {@code gold}, 50 units/s with a
 * burst of 100.
 */
public abstract class StandardBucketsContractTests {

	protected final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	protected final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0, "cache", 1000.0));

	protected final ResourceType db = this.resources.get("db");

	protected final ResourceType cache = this.resources.get("cache");

	/**
	 * Standard buckets following {@code plans} (a replaced catalog applies from then on),
	 * on {@link #time}.
	 */
	protected abstract StandardBuckets buckets(PlanCatalogs plans);

	private StandardBuckets buckets() {
		return buckets(PlanCatalogs.of(plans(ResourceLimit.of(10, 10), ResourceLimit.of(50, 100))));
	}

	private PlanCatalog plans(ResourceLimit free, ResourceLimit gold) {
		return new PlanCatalog(this.resources,
				Map.of("free", Map.of("db", free, "cache", free), "gold", Map.of("db", gold, "cache", gold)), "free",
				Map.of("acme", "gold"));
	}

	private static ConsumptionProbe consume(StandardBuckets buckets, String tenant, ResourceType resource, long cost) {
		return buckets.tryConsume(tenant, resource, cost).join();
	}

	/** Takes {@code cost}, which must fit, and returns what remains. */
	private static long take(StandardBuckets buckets, String tenant, ResourceType resource, long cost) {
		ConsumptionProbe probe = consume(buckets, tenant, resource, cost);
		assertThat(probe.isConsumed()).as("%s took %d", tenant, cost).isTrue();
		return probe.getRemainingTokens();
	}

	@Test
	void aTenantsFirstRequestFindsItsBucketFull() {
		StandardBuckets buckets = buckets();

		ConsumptionProbe probe = consume(buckets, "beta", this.db, 10);

		assertThat(probe.isConsumed()).isTrue();
		assertThat(probe.getRemainingTokens()).isZero();
	}

	@Test
	void aConsumedProbeTellsWhatRemains() {
		StandardBuckets buckets = buckets();

		assertThat(take(buckets, "beta", this.db, 4)).isEqualTo(6);
		assertThat(take(buckets, "beta", this.db, 4)).isEqualTo(2);
	}

	@Test
	void aCostAboveWhatIsLeftIsRefusedAndTakesNothing() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 8);

		ConsumptionProbe refused = consume(buckets, "beta", this.db, 3);

		assertThat(refused.isConsumed()).isFalse();
		assertThat(refused.getRemainingTokens()).as("what the bucket holds").isEqualTo(2);
		assertThat(take(buckets, "beta", this.db, 2)).isZero();
	}

	@Test
	void aRefusedProbeTellsTheWaitForTheMissingUnits() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 8);

		ConsumptionProbe refused = consume(buckets, "beta", this.db, 5);

		assertThat(refused.getNanosToWaitForRefill()).as("3 units missing at 10 units/s")
			.isEqualTo(Duration.ofMillis(300).toNanos());
	}

	@Test
	void aCostAboveTheBurstNeverFitsAndTakesNothing() {
		StandardBuckets buckets = buckets();

		ConsumptionProbe refused = consume(buckets, "beta", this.db, 11);

		assertThat(refused.isConsumed()).isFalse();
		assertThat(refused.getNanosToWaitForRefill()).isEqualTo(Long.MAX_VALUE);
		assertThat(take(buckets, "beta", this.db, 10)).isZero();
	}

	@Test
	void theBucketRefillsGreedilyAtThePlansRate() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 10);

		this.time.advance(Duration.ofMillis(250));

		assertThat(consume(buckets, "beta", this.db, 3).isConsumed()).as("2.5 units refilled").isFalse();
		assertThat(take(buckets, "beta", this.db, 2)).isZero();
		this.time.advance(Duration.ofMillis(50));
		assertThat(take(buckets, "beta", this.db, 1)).as("the half unit left, and 0.5 more").isZero();
	}

	@Test
	void theBucketNeverHoldsMoreThanItsBurst() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 4);

		this.time.advance(Duration.ofSeconds(10));

		assertThat(take(buckets, "beta", this.db, 10)).isZero();
		assertThat(consume(buckets, "beta", this.db, 1).isConsumed()).isFalse();
	}

	@Test
	void eachTenantHasABucketOfItsOwn() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 10);

		assertThat(take(buckets, "gamma", this.db, 10)).isZero();
	}

	@Test
	void eachResourceTypeHasABucketOfItsOwn() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 10);

		assertThat(take(buckets, "beta", this.cache, 10)).isZero();
	}

	@Test
	void aTenantsBucketHasItsPlansLimits() {
		StandardBuckets buckets = buckets();

		assertThat(take(buckets, "acme", this.db, 100)).as("gold: burst 100").isZero();
		this.time.advance(Duration.ofMillis(100));
		assertThat(take(buckets, "acme", this.db, 5)).as("gold: 50 units/s").isZero();
	}

	@Test
	void unitsGivenBackCanBeTakenAgain() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 4);

		buckets.giveBack("beta", this.db, 4).join();

		assertThat(take(buckets, "beta", this.db, 10)).isZero();
	}

	@Test
	void unitsGivenBackNeverFillTheBucketBeyondItsBurst() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 4);
		this.time.advance(Duration.ofSeconds(1));

		buckets.giveBack("beta", this.db, 4).join();

		assertThat(take(buckets, "beta", this.db, 10)).isZero();
		assertThat(consume(buckets, "beta", this.db, 1).isConsumed()).isFalse();
	}

	@Test
	void unitsGivenBackForATenantNotSeenLeaveItsBucketFull() {
		StandardBuckets buckets = buckets();

		buckets.giveBack("beta", this.db, 3).join();

		assertThat(take(buckets, "beta", this.db, 10)).isZero();
		assertThat(consume(buckets, "beta", this.db, 1).isConsumed()).isFalse();
	}

	@Test
	void peekingTellsWhatIsLeftOrThatItCannotTell() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 4);

		assertThat(buckets.peekAvailable("beta", this.db)).isIn(-1L, 6L);
		assertThat(buckets.peekAvailable("gamma", this.db)).as("not seen yet: its burst").isIn(-1L, 10L);
	}

	@Test
	void peekingTakesNothing() {
		StandardBuckets buckets = buckets();
		take(buckets, "beta", this.db, 4);

		buckets.peekAvailable("beta", this.db);
		buckets.peekAvailable("gamma", this.db);

		assertThat(take(buckets, "beta", this.db, 6)).isZero();
		assertThat(take(buckets, "gamma", this.db, 10)).isZero();
	}

	@Test
	void concurrentRequestsTakeNoMoreThanTheBucketHolds() throws Exception {
		StandardBuckets buckets = buckets();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> requesters = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				requesters.add(() -> {
					int taken = 0;
					for (int i = 0; i < 10; i++) {
						taken += consume(buckets, "beta", this.db, 1).isConsumed() ? 1 : 0;
					}
					return taken;
				});
			}
			int taken = 0;
			for (Future<Integer> requester : pool.invokeAll(requesters)) {
				taken += requester.get();
			}
			assertThat(taken).as("40 requests of 1 unit, time frozen, burst 10").isEqualTo(10);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aRaisedPlanKeepsTheUnitsLeftAndRefillsAtTheNewRateFromThen() {
		PlanCatalogs plans = new PlanCatalogs(plans(ResourceLimit.of(10, 10), ResourceLimit.of(50, 100)));
		StandardBuckets buckets = buckets(plans);
		assertThat(take(buckets, "acme", this.db, 30)).isEqualTo(70);

		plans.replace(plans(ResourceLimit.of(10, 10), ResourceLimit.of(100, 200)));

		assertThat(take(buckets, "acme", this.db, 1)).as("not reset to 200, not scaled to 140").isEqualTo(69);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(take(buckets, "acme", this.db, 1)).as("69 + 100/s x 1 s - 1").isEqualTo(168);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(take(buckets, "acme", this.db, 1)).as("full at the new burst").isEqualTo(199);
	}

	@Test
	void aLoweredPlanCapsTheUnitsLeftAtTheNewBurst() {
		PlanCatalogs plans = new PlanCatalogs(plans(ResourceLimit.of(10, 10), ResourceLimit.of(50, 100)));
		StandardBuckets buckets = buckets(plans);
		assertThat(take(buckets, "acme", this.db, 30)).isEqualTo(70);

		plans.replace(plans(ResourceLimit.of(10, 10), ResourceLimit.of(10, 20)));

		assertThat(take(buckets, "acme", this.db, 15)).as("70 capped at 20, - 15").isEqualTo(5);
		this.time.advance(Duration.ofMillis(500));
		assertThat(take(buckets, "acme", this.db, 1)).as("5 + 10/s x 0.5 s - 1").isEqualTo(9);
	}

	@Test
	void aChangedPlanLeavesTenantsWhoseLimitsDidNotChangeAsTheyWere() {
		PlanCatalogs plans = new PlanCatalogs(plans(ResourceLimit.of(10, 10), ResourceLimit.of(50, 100)));
		StandardBuckets buckets = buckets(plans);
		assertThat(take(buckets, "acme", this.db, 30)).isEqualTo(70);

		plans.replace(plans(ResourceLimit.of(2, 20), ResourceLimit.of(50, 100)));
		this.time.advance(Duration.ofMillis(100));

		assertThat(take(buckets, "acme", this.db, 1)).as("70 + 50/s x 0.1 s - 1").isEqualTo(74);
	}

}
