package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketContractTests;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shadow bucket's contract for grants leased from the shared ledger in a real Redis
 * ({@link RedisLeases}), one instance expected, then what leases add with two instances.
 * Idleness, chunk sizing and steps all run on the manual clock, and the sweep runs when a
 * test calls it; {@link #settle()} waits for the ledger calls made so far to be answered.
 */
class RedisShadowBucketContractTests extends ShadowBucketContractTests {

	private final RedisFixture redis = fixture();

	/**
	 * The Redis this suite runs on: the test server here, the test Redis Cluster in the
	 * subclass that runs the same tests there. Called while the test is constructed.
	 */
	RedisFixture fixture() {
		return new RedisFixture();
	}

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceType db = new ResourceTypes(Map.of("db", 1000.0)).get("db");

	private final List<SettlingLedgerScripts> ledgers = new ArrayList<>();

	private int tenants;

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	/** One gateway instance's leases, on its own connection. */
	private RedisLeases instance(int expectedInstances, Duration horizon) {
		SettlingLedgerScripts ledger = new SettlingLedgerScripts(new RedisLedgerScripts(this.redis.connector()));
		this.ledgers.add(ledger);
		return this.redis.closeAfter(new RedisLeases(ledger, this.redis.keys(), RedisFixture.guard(), this.steps,
				this.time, this.time::epochNanos, new LeaseSettings(expectedInstances, horizon),
				new SimpleMeterRegistry(), false));
	}

	/** The grant installed for a tenant of its own, leased by a new instance. */
	@Override
	protected ShadowBucket shadowBucket(long units) {
		RedisLeases leases = instance(1, Duration.ofMillis(100));
		String tenant = "tenant-" + (++this.tenants);
		assertThat(leases.install(this.step, this.db, Map.of(tenant, units)).join()).isTrue();
		ShadowBucket bucket = leases.create(this.step, tenant, this.db, units);
		settle();
		return bucket;
	}

	@Override
	protected void settle() {
		try {
			for (SettlingLedgerScripts ledger : this.ledgers) {
				ledger.settle();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Units of {@code tenant} in the ledger of {@code step}, not leased by anyone. */
	private long inLedger(long step, String tenant) {
		String left = this.redis.redis().command("HGET", this.redis.keys().ledger(this.db, step), tenant);
		return (left != null) ? Long.parseLong(left) : 0;
	}

	/**
	 * Spends 1 unit at a time from every bucket until, after letting their leases finish,
	 * none holds any; returns the units spent.
	 */
	private long spendAll(List<ShadowBucket> buckets) {
		long spent = 0;
		for (;;) {
			long round = spendEach(buckets);
			if (round == 0) {
				settle();
				round = spendEach(buckets);
				if (round == 0) {
					return spent;
				}
			}
			spent += round;
		}
	}

	private static long spendEach(List<ShadowBucket> buckets) {
		long spent = 0;
		for (ShadowBucket bucket : buckets) {
			while (bucket.tryConsume(1) >= 0) {
				spent++;
			}
		}
		return spent;
	}

	@Test
	void aGrantIsSpentOnceAcrossTwoInstances() {
		RedisLeases a = instance(2, Duration.ofMillis(100));
		RedisLeases b = instance(2, Duration.ofMillis(100));
		assertThat(a.install(this.step, this.db, Map.of("acme", 40L)).join()).isTrue();
		assertThat(b.install(this.step, this.db, Map.of("acme", 40L)).join()).as("the first write stands").isFalse();
		ShadowBucket onA = a.create(this.step, "acme", this.db, 40);
		ShadowBucket onB = b.create(this.step, "acme", this.db, 40);
		settle();

		assertThat(spendAll(List.of(onA, onB))).isEqualTo(40);

		assertThat(onA.used() + onB.used()).isEqualTo(40);
		assertThat(onA.used()).as("each instance spent part of it").isPositive();
		assertThat(onB.used()).isPositive();
		assertThat(onA.granted()).as("the grant is the cluster's").isEqualTo(40);
		assertThat(inLedger(this.step, "acme")).isZero();
	}

	@Test
	void anIdleLeaseGoesBackToTheLedgerButTheLastRequestsCost() {
		RedisLeases a = instance(2, Duration.ofSeconds(1));
		a.install(this.step, this.db, Map.of("acme", 100L)).join();
		ShadowBucket bucket = a.create(this.step, "acme", this.db, 100);
		settle();
		assertThat(bucket.remaining()).as("first lease: a tenth of the fair share (100 / 2 instances)").isEqualTo(5);
		assertThat(inLedger(this.step, "acme")).isEqualTo(95);
		assertThat(bucket.tryConsume(2)).isEqualTo(3);

		this.time.advance(Duration.ofMillis(1900));
		a.sweep();
		assertThat(bucket.remaining()).as("not idle yet: last request 1.9 s ago, horizon 1 s").isEqualTo(3);
		this.time.advance(Duration.ofMillis(200));
		a.sweep();
		settle();

		assertThat(bucket.remaining()).as("idle for 2 horizons: given back but the last request's cost").isEqualTo(2);
		assertThat(inLedger(this.step, "acme")).as("all but the 2 units spent and the 2 kept").isEqualTo(96);
	}

	@Test
	void whatAnIdleLeaseGaveBackAnotherInstanceSpends() {
		RedisLeases a = instance(2, Duration.ofSeconds(1));
		RedisLeases b = instance(2, Duration.ofSeconds(1));
		a.install(this.step, this.db, Map.of("acme", 10L)).join();
		ShadowBucket onA = a.create(this.step, "acme", this.db, 10);
		settle();
		assertThat(spendAll(List.of(onA))).as("a alone spends the grant").isEqualTo(10);
		onA.giveBack(4);
		this.time.advance(Duration.ofMillis(2100));
		a.sweep();
		settle();
		assertThat(onA.remaining()).as("kept: the last request's cost").isEqualTo(1);

		ShadowBucket onB = b.create(this.step, "acme", this.db, 10);
		settle();

		assertThat(spendAll(List.of(onB))).isEqualTo(3);
		assertThat(onA.used() + onB.used() + onA.remaining()).isEqualTo(10);
	}

	@Test
	void aPastStepsLeaseGoesBackWhole() {
		RedisLeases a = instance(2, Duration.ofSeconds(1));
		a.install(this.step + 1, this.db, Map.of("acme", 100L)).join();
		ShadowBucket next = a.create(this.step + 1, "acme", this.db, 100);
		settle();
		assertThat(next.remaining()).as("leased ahead of its step").isEqualTo(5);

		this.time.advance(Duration.ofMinutes(2));
		a.sweep();
		settle();

		assertThat(next.remaining()).isZero();
		assertThat(inLedger(this.step + 1, "acme")).isEqualTo(100);
	}

}
