package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The standard buckets in a real Redis, two "instances" (connections) sharing them, on a
 * manual clock: what sharing adds to the contract every implementation keeps
 * ({@link RedisStandardBucketsContractTests}).
 */
class RedisStandardBucketsTests {

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(10, 10))), "free", Map.of());

	private RedisConnector first;

	private RedisConnector second;

	@BeforeEach
	void connect() {
		this.first = connector();
		this.second = connector();
	}

	@AfterEach
	void cleanUp() {
		this.first.close();
		this.second.close();
		this.redis.deleteKeys(this.prefix);
	}

	private RedisConnector connector() {
		RedisConnector connector = new RedisConnector(List.of(RedisURI.create(this.redis.host(), this.redis.port())),
				false, Duration.ofSeconds(2));
		connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		assertThat(connector.isConnected()).as("connected to Redis").isTrue();
		return connector;
	}

	private RedisStandardBuckets buckets(RedisConnector connector) {
		return new RedisStandardBuckets(connector, new RedisKeys(this.prefix), PlanCatalogs.of(this.plans), this.time,
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()), 1000);
	}

	@Test
	void twoInstancesShareOneBucketPerTenant() {
		RedisStandardBuckets a = buckets(this.first);
		RedisStandardBuckets b = buckets(this.second);

		int admitted = 0;
		for (int i = 0; i < 20; i++) {
			ConsumptionProbe probe = ((i % 2 == 0) ? a : b).tryConsume("acme", this.db, 1).join();
			admitted += probe.isConsumed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(10);

		ConsumptionProbe refused = a.tryConsume("acme", this.db, 1).join();
		assertThat(refused.isConsumed()).isFalse();
		assertThat(refused.getNanosToWaitForRefill()).isEqualTo(Duration.ofMillis(100).toNanos());

		this.time.advance(Duration.ofMillis(500));
		assertThat(b.tryConsume("acme", this.db, 5).join().getRemainingTokens()).isZero();
		assertThat(a.tryConsume("other", this.db, 10).join().isConsumed()).as("tenants do not share").isTrue();
	}

	/**
	 * Copies allowed: each of two instances may admit floor(0.01 × burst / 2) units
	 * between synchronizations.
	 */
	private RedisStandardBuckets withCopies(RedisConnector connector, PlanCatalog plans) {
		return new RedisStandardBuckets(connector, new RedisKeys(this.prefix), PlanCatalogs.of(plans), this.time,
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()), 1000,
				0.01, 2, Duration.ofMillis(100));
	}

	@Test
	void twoInstancesWithLocalCopiesAdmitAtMostTheirUnsynchronizedUnitsBeyondTheBurst() {
		PlanCatalog large = new PlanCatalog(this.resources, Map.of("free", Map.of("db", ResourceLimit.of(1, 1000))),
				"free", Map.of());
		RedisStandardBuckets a = withCopies(this.first, large);
		RedisStandardBuckets b = withCopies(this.second, large);
		assertThat(a.unsynchronizedUnits(1000)).isEqualTo(5);

		int admitted = 0;
		for (int i = 0; i < 4000; i++) {
			admitted += ((i % 2 == 0) ? a : b).tryConsume("acme", this.db, 1).join().isConsumed() ? 1 : 0;
		}
		// each instance synchronizes every sixth request (it charges 5 units from its
		// copy and takes 1); near the
		// end both copies still showed tokens the other had taken: 5 units beyond the
		// burst, within 2 × 5
		assertThat(admitted).isEqualTo(1005);

		this.time.advance(Duration.ofMillis(101));
		ConsumptionProbe synced = b.tryConsume("acme", this.db, 1).join();
		assertThat(synced.isConsumed()).as("the shared bucket is in debt").isFalse();
		assertThat(synced.getRemainingTokens()).as("what the copies admitted was charged").isZero();
		assertThat(synced.getNanosToWaitForRefill())
			.as("5 units of debt less the 0.101 refilled since, and the one asked for, at 1 per second")
			.isEqualTo(Duration.ofMillis(5899).toNanos());
	}

	@Test
	void aBurstTooSmallToGiveAnInstanceOneUnitStaysExact() {
		RedisStandardBuckets a = withCopies(this.first, this.plans);
		RedisStandardBuckets b = withCopies(this.second, this.plans);
		assertThat(a.unsynchronizedUnits(10)).isZero();
		int admitted = 0;
		for (int i = 0; i < 20; i++) {
			admitted += ((i % 2 == 0) ? a : b).tryConsume("acme", this.db, 1).join().isConsumed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(10);
	}

	/** acme on gold: rate 50, burst 100; everyone else on free. */
	private PlanCatalog gold(double rate, long burst) {
		return new PlanCatalog(this.resources, Map.of("free", Map.of("db", ResourceLimit.of(10, 10)), "gold",
				Map.of("db", ResourceLimit.of(rate, burst))), "free", Map.of("acme", "gold"));
	}

	private RedisStandardBuckets following(RedisConnector connector, PlanCatalogs plans) {
		return new RedisStandardBuckets(connector, new RedisKeys(this.prefix), plans, this.time,
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()), 1000);
	}

	private static long take(RedisStandardBuckets buckets, ResourceType resource, long cost) {
		ConsumptionProbe probe = buckets.tryConsume("acme", resource, cost).join();
		assertThat(probe.isConsumed()).as("took %d", cost).isTrue();
		return probe.getRemainingTokens();
	}

	@Test
	void anInstanceStillOnTheOldPlansNeitherResetsNorRevertsABucketAnotherReconfigured() {
		PlanCatalogs plansA = new PlanCatalogs(gold(50, 100));
		PlanCatalogs plansB = new PlanCatalogs(gold(50, 100));
		RedisStandardBuckets a = following(this.first, plansA);
		RedisStandardBuckets b = following(this.second, plansB);
		assertThat(take(a, this.db, 30)).isEqualTo(70);
		assertThat(take(b, this.db, 10)).isEqualTo(60);

		plansA.replace(gold(100, 200));
		this.time.advance(Duration.ofMillis(100));
		assertThat(take(a, this.db, 1)).as("60 + 50/s x 0.1 s at the old rate, then reconfigured, - 1").isEqualTo(64);
		assertThat(take(b, this.db, 1)).as("b decides against the bucket as a left it").isEqualTo(63);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(take(b, this.db, 1)).as("the new rate, though b still has the old plans").isEqualTo(162);
		assertThat(take(a, this.db, 1)).isEqualTo(161);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(take(b, this.db, 101)).as("the new burst, though b's plans say 100").isEqualTo(99);

		plansB.replace(gold(100, 200));
		this.time.advance(Duration.ofMillis(100));
		assertThat(take(b, this.db, 1)).as("b's own reconfiguration, to the same limits, keeps the tokens")
			.isEqualTo(108);
		assertThat(take(a, this.db, 1)).isEqualTo(107);
		this.time.advance(Duration.ofMillis(500));
		assertThat(take(a, this.db, 1)).as("107 + 100/s x 0.5 s - 1").isEqualTo(156);
	}

	@Test
	void anInstanceStartedWithChangedPlansReconfiguresTheBucketKeepingItsTokens() {
		RedisStandardBuckets before = following(this.first, PlanCatalogs.of(gold(50, 100)));
		assertThat(take(before, this.db, 30)).isEqualTo(70);

		this.time.advance(Duration.ofMillis(100));
		RedisStandardBuckets restarted = following(this.second, PlanCatalogs.of(gold(100, 200)));
		assertThat(take(restarted, this.db, 1)).as("70 + 50/s x 0.1 s, - 1").isEqualTo(74);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(take(before, this.db, 1)).as("the new rate for the instance that started before too").isEqualTo(173);
	}

	@Test
	void aTenantIdLikeAnotherKeyGetsABucketOfItsOwn() {
		RedisStandardBuckets a = buckets(this.first);
		assertThat(a.tryConsume("x", this.db, 10).join().isConsumed()).isTrue();
		assertThat(a.tryConsume("x}:bucket:db{", this.db, 10).join().isConsumed()).isTrue();
		assertThat(a.tryConsume("x:", this.db, 10).join().isConsumed()).isTrue();
		assertThat(this.redis.command("EXISTS", this.prefix + "{t:x}:bucket:db")).isEqualTo(":1");
	}

	@Test
	void nonAsciiTenantsAndTheirOwnPercentEncodingGetSeparateBuckets() {
		RedisStandardBuckets a = buckets(this.first);
		List<String> tenants = List.of("é", "%C3%A9", "租户", "a", "a:b", "{a}", "a b");
		for (String tenant : tenants) {
			assertThat(a.tryConsume(tenant, this.db, 10).join().isConsumed()).as(tenant).isTrue();
		}
		for (String tenant : tenants) {
			assertThat(a.tryConsume(tenant, this.db, 1).join().isConsumed()).as("%s emptied its own bucket", tenant)
				.isFalse();
		}
		assertThat(this.redis.command("EXISTS", this.prefix + "{t:%C3%A9}:bucket:db")).isEqualTo(":1");
		assertThat(this.redis.command("EXISTS", this.prefix + "{t:%25C3%25A9}:bucket:db")).isEqualTo(":1");
	}

	@Test
	void withoutAConnectionTheFutureFailsAtOnce() {
		RedisConnector nowhere = new RedisConnector(List.of(RedisURI.create("127.0.0.1", 1)), false,
				Duration.ofMillis(50));
		try {
			RedisStandardBuckets buckets = buckets(nowhere);
			long start = System.nanoTime();
			assertThatThrownBy(() -> buckets.tryConsume("acme", this.db, 1).join())
				.hasCauseInstanceOf(StoreUnavailableException.class);
			assertThat(System.nanoTime() - start).isLessThan(Duration.ofMillis(200).toNanos());
		}
		finally {
			nowhere.close();
		}
	}

	@Test
	void unitsGivenBackInRedisCanBeTakenByEveryInstance() {
		RedisStandardBuckets a = buckets(this.first);
		RedisStandardBuckets b = buckets(this.second);
		assertThat(a.tryConsume("acme", this.db, 4).join().getRemainingTokens()).isEqualTo(6);

		a.giveBack("acme", this.db, 4).join();

		ConsumptionProbe all = b.tryConsume("acme", this.db, 10).join();
		assertThat(all.isConsumed()).isTrue();
		assertThat(all.getRemainingTokens()).isZero();
	}

	@Test
	void unitsGivenBackInRedisNeverFillTheBucketBeyondItsBurst() {
		RedisStandardBuckets a = buckets(this.first);
		RedisStandardBuckets b = buckets(this.second);
		a.tryConsume("acme", this.db, 4).join();
		this.time.advance(Duration.ofSeconds(1));

		a.giveBack("acme", this.db, 4).join();

		assertThat(b.tryConsume("acme", this.db, 10).join().isConsumed()).isTrue();
		assertThat(b.tryConsume("acme", this.db, 1).join().isConsumed()).as("nothing beyond the burst").isFalse();
	}

	@Test
	void unitsGivenBackThroughALocalCopyReachTheSharedBucket() {
		PlanCatalog large = new PlanCatalog(this.resources, Map.of("free", Map.of("db", ResourceLimit.of(1, 1000))),
				"free", Map.of());
		RedisStandardBuckets a = withCopies(this.first, large);
		RedisStandardBuckets b = withCopies(this.second, large);
		assertThat(a.tryConsume("acme", this.db, 600).join().getRemainingTokens()).isEqualTo(400);

		a.giveBack("acme", this.db, 600).join();
		this.time.advance(Duration.ofMillis(101));
		a.tryConsume("acme", this.db, 1).join();

		assertThat(b.tryConsume("acme", this.db, 999).join().isConsumed()).isTrue();
	}

	@Test
	void givingBackWithoutAConnectionFailsOnlyItsOwnFuture() {
		RedisConnector nowhere = new RedisConnector(List.of(RedisURI.create("127.0.0.1", 1)), false,
				Duration.ofMillis(50));
		try {
			RedisStandardBuckets buckets = buckets(nowhere);
			assertThatThrownBy(() -> buckets.giveBack("acme", this.db, 1).join())
				.hasCauseInstanceOf(StoreUnavailableException.class);
		}
		finally {
			nowhere.close();
		}
	}

}
