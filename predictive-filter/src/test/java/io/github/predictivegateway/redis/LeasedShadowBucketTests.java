package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a lease does with the ledger's answers and with idle time, on virtual time and an
 * in-memory ledger that changes at once, like a Lua script (the same leases against a
 * real Redis: {@link RedisLeasesTests}). One instance expected, grant 100, horizon 100
 * ms: the first chunk is 10 units, a lease is idle after 200 ms without a request and
 * then keeps {@code max(1, cost of the last request)}.
 */
class LeasedShadowBucketTests {

	private static final long GRANT = 100;

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceType db = new ResourceTypes(Map.of("db", 1000.0)).get("db");

	private final RedisKeys keys = new RedisKeys("test:");

	private final String ledger = this.keys.ledger(this.db, this.step);

	private final InMemoryLedgerScripts scripts = new InMemoryLedgerScripts();

	private final RedisGuard guard = new RedisGuard(Duration.ofMillis(1), Duration.ofSeconds(1), 20, 5,
			new SimpleMeterRegistry());

	private final RedisLeases leases = new RedisLeases(this.scripts, this.keys, this.guard, this.steps, this.time,
			this.time::epochNanos, new LeaseSettings(1, Duration.ofMillis(100)), new SimpleMeterRegistry(), false);

	@AfterEach
	void close() {
		this.leases.close();
	}

	private ShadowBucket installedAndLeased() {
		this.leases.install(this.step, this.db, Map.of("acme", GRANT)).join();
		ShadowBucket bucket = this.leases.create(this.step, "acme", this.db, GRANT);
		assertThat(bucket.remaining()).as("first chunk: a tenth of the fair share").isEqualTo(10);
		return bucket;
	}

	@Test
	void aTenantWhoseRequestsAreFurtherApartThanTheIdleTimeIsServedFromItsLease() {
		ShadowBucket bucket = installedAndLeased();
		for (int request = 1; request <= 5; request++) {
			this.time.advance(Duration.ofSeconds(2));
			this.leases.sweep();
			assertThat(bucket.tryConsume(1)).as("request %d, 2 s after the one before", request).isNotNegative();
		}
		assertThat(bucket.used()).isEqualTo(5);
		assertThat(bucket.used() + bucket.remaining() + this.scripts.left(this.ledger, "acme"))
			.as("every unit spent once, held, or in the ledger")
			.isEqualTo(GRANT);
	}

	@Test
	void unitsGivenBackReturnToThisInstancesLeaseNotToTheLedger() {
		ShadowBucket bucket = installedAndLeased();
		assertThat(bucket.tryConsume(3)).isEqualTo(7);
		long inLedger = this.scripts.left(this.ledger, "acme");

		bucket.giveBack(3);

		assertThat(bucket.remaining()).isEqualTo(10);
		assertThat(bucket.used()).isZero();
		assertThat(this.scripts.left(this.ledger, "acme")).isEqualTo(inLedger);
	}

	@Test
	void anIdleLeaseGoesBackButForTheCostOfItsLastRequest() {
		ShadowBucket bucket = installedAndLeased();
		assertThat(bucket.tryConsume(3)).isEqualTo(7);
		this.time.advance(Duration.ofMillis(150));
		this.leases.sweep();
		assertThat(bucket.remaining()).as("not idle yet: last request 150 ms ago").isEqualTo(7);
		this.time.advance(Duration.ofMillis(100));
		this.leases.sweep();
		assertThat(bucket.remaining()).as("idle: all but the last request's cost given back").isEqualTo(3);
		assertThat(this.scripts.left(this.ledger, "acme")).isEqualTo(GRANT - 3 - 3);
	}

	@Test
	void aRequestTheEmptyLeaseRefusedKeepsTheLeaseItAskedForFromBeingGivenBack() {
		ShadowBucket bucket = installedAndLeased();
		this.time.advance(Duration.ofMillis(150));
		assertThat(bucket.tryConsume(20)).as("more than the lease holds: standard bucket").isEqualTo(-1);
		assertThat(bucket.remaining()).as("the 20 units it asked for arrived").isEqualTo(30);
		this.time.advance(Duration.ofMillis(150));
		this.leases.sweep();
		assertThat(bucket.remaining()).as("a request 150 ms ago, though nothing was spent for 300 ms: not idle")
			.isEqualTo(30);
		assertThat(bucket.tryConsume(20)).isEqualTo(10);
	}

	@Test
	void unitsOfALeaseAnsweredAfterTheTimeoutReachTheLease() {
		this.leases.install(this.step, this.db, Map.of("acme", GRANT)).join();
		LeasedShadowBucket bucket = new LeasedShadowBucket(this.leases, this.step, "acme", this.db, GRANT, GRANT,
				this.ledger, RedisKeys.field("acme"));
		this.scripts.holdAnswers();
		assertThatThrownBy(() -> this.leases.lease(bucket, 10).join()).as("no answer within the 1 ms timeout")
			.isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(StoreUnavailableException.class);
		assertThat(this.scripts.left(this.ledger, "acme")).as("the script ran").isEqualTo(GRANT - 10);
		assertThat(bucket.remaining()).isZero();

		this.scripts.deliverAnswers();
		assertThat(bucket.remaining()).as("the late answer's units are this instance's").isEqualTo(10);
		assertThat(bucket.tryConsume(1)).isEqualTo(9);
	}

	@Test
	void leasesAreTakenWhileTheCircuitIsOpen() {
		ShadowBucket bucket = installedAndLeased();
		this.guard.circuitBreaker().transitionToForcedOpenState();
		assertThat(bucket.tryConsume(20)).as("more than the lease holds").isEqualTo(-1);
		assertThat(bucket.remaining()).as("the circuit refuses request calls, not leases").isEqualTo(30);
		assertThat(bucket.tryConsume(20)).isEqualTo(10);
	}

	@Test
	void idleLeasesWaitWhileTheCircuitIsOpen() {
		ShadowBucket bucket = installedAndLeased();
		bucket.tryConsume(1);
		this.time.advance(Duration.ofSeconds(1));
		this.guard.circuitBreaker().transitionToForcedOpenState();
		this.leases.sweep();
		assertThat(bucket.remaining()).as("Redis most likely down: nothing given back").isEqualTo(9);
		this.guard.circuitBreaker().transitionToClosedState();
		this.leases.sweep();
		assertThat(bucket.remaining()).isEqualTo(1);
		assertThat(this.scripts.left(this.ledger, "acme")).isEqualTo(GRANT - 2);
	}

	@Test
	void aPastStepsLeaseGoesBackWhole() {
		ShadowBucket bucket = installedAndLeased();
		bucket.tryConsume(1);
		this.time.advance(Duration.ofMinutes(1));
		this.leases.sweep();
		assertThat(bucket.remaining()).isZero();
		assertThat(this.scripts.left(this.ledger, "acme")).isEqualTo(GRANT - 1);
	}

}
