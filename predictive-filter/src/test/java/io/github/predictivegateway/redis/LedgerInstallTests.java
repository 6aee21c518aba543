package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Installing a step's shared ledger ({@link LedgerInstall}): in chunks that never hold
 * Redis, in one call for an instance that finds it in place, retried until it is in
 * place; and the leases an instance holds given back when it closes.
 */
class LedgerInstallTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceType db = new ResourceTypes(Map.of("db", 1000.0)).get("db");

	private RedisFixture redis = new RedisFixture();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	private RedisConnector connector() {
		return this.redis.connector();
	}

	private RedisLeases instance(LedgerScripts scripts) {
		return this.redis
			.closeAfter(new RedisLeases(scripts, this.redis.keys(), RedisFixture.guard(), this.steps, this.time,
					System::nanoTime, new LeaseSettings(2, Duration.ofMillis(100)), new SimpleMeterRegistry(), false));
	}

	private String ledger() {
		return this.redis.prefix() + "{r:db}:ledger:" + this.step;
	}

	private static Map<String, Long> grants(int tenants) {
		Map<String, Long> grants = new HashMap<>();
		for (int i = 0; i < tenants; i++) {
			grants.put("tenant-" + i, 1L + i % 7);
		}
		return grants;
	}

	@Test
	void anInstanceThatFindsTheLedgerInPlaceSpendsOneCall() {
		CountingLedgerScripts counted = new CountingLedgerScripts(new RedisLedgerScripts(connector()));
		instance(new RedisLedgerScripts(connector())).install(this.step, this.db, grants(5000)).join();
		assertThat(instance(counted).install(this.step, this.db, grants(5000)).join()).isFalse();
		assertThat(counted.calls).hasValue(1);
		assertThat(counted.staged).hasValue(0);
	}

	@Test
	void aLedgerIsStagedInChunksOfAThousandGrantsAndAppearsWhole() {
		CountingLedgerScripts counted = new CountingLedgerScripts(new RedisLedgerScripts(connector()));
		assertThat(instance(counted).install(this.step, this.db, grants(2500)).join()).isTrue();
		assertThat(counted.staged).as("2,500 grants in chunks of 1,000").hasValue(3);
		assertThat(counted.largestChunk).as("fields and values of one chunk").hasValue(2000);
		assertThat(this.redis.redis().command("HLEN", ledger())).as("every grant and the pool").isEqualTo(":2501");
		assertThat(this.redis.redis().command("HGET", ledger(), "tenant-13")).isEqualTo("7");
		assertThat(this.redis.redis().command("EXISTS", ledger() + ":claim")).as("the claim is freed").isEqualTo(":0");
		assertThat(this.redis.redis().command("PTTL", ledger())).startsWith(":");
	}

	/**
	 * 100,000 grants on a Redis of the test's own: written in 100 calls of 1,000 grants
	 * each (plus the claim and the commit), none holding Redis for the whole ledger (one
	 * script of 100,000 {@code HSET}s held it 224 ms). How long each call held Redis is a
	 * speed figure, not a test: the slowest command in Redis's slow log and the slowest
	 * of pings sent every millisecond meanwhile are printed (BENCHMARKS.md, "Ledger
	 * install").
	 */
	@Test
	void oneHundredThousandGrantsAreWrittenAThousandAtATime() throws Exception {
		RedisTestServer own = RedisTestServer.startOwn();
		RedisFixture shared = this.redis;
		this.redis = new RedisFixture(own);
		try {
			this.redis.redis().command("CONFIG", "SET", "slowlog-log-slower-than", "0");
			this.redis.redis().command("CONFIG", "SET", "slowlog-max-len", "1000");
			this.redis.redis().command("SLOWLOG", "RESET");
			CountingLedgerScripts counted = new CountingLedgerScripts(new RedisLedgerScripts(connector()));
			RedisLeases leases = instance(counted);
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLong slowestPingNanos = new AtomicLong();
			Thread pinger = new Thread(() -> {
				while (!stop.get()) {
					long start = System.nanoTime();
					this.redis.redis().command("PING");
					slowestPingNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
					RedisTestServer.sleep(1);
				}
			});
			pinger.start();
			long start = System.nanoTime();
			assertThat(leases.install(this.step, this.db, grants(100_000)).join()).isTrue();
			long took = System.nanoTime() - start;
			stop.set(true);
			pinger.join();
			System.out.printf(
					"100,000 grants installed in %d ms; slowest command in Redis's slow log %s µs; slowest ping"
							+ " meanwhile %.1f ms%n",
					took / 1_000_000,
					this.redis.redis()
						.command("EVAL",
								"local m = 0 for _, e in ipairs(redis.call('SLOWLOG', 'GET', 1000)) do"
										+ " if e[3] > m then m = e[3] end end return m",
								"0"),
					slowestPingNanos.get() / 1e6);
			assertThat(this.redis.redis().command("HLEN", ledger())).isEqualTo(":100001");
			assertThat(counted.staged).as("the pool and 100,000 grants").hasValue(101);
			assertThat(counted.largestChunk).as("fields and values of one chunk").hasValue(2000);
			assertThat(counted.calls).as("the claim, 101 chunks, the commit").hasValue(103);
		}
		finally {
			this.redis.close();
			own.stop();
			this.redis = shared;
		}
	}

	@Test
	void anInstallThatFailedWhileRedisWasDownIsInPlaceAtTheFirstSweepAfterItReturns() {
		InMemoryLedgerScripts store = new InMemoryLedgerScripts();
		FailingLedgerScripts scripts = new FailingLedgerScripts(store);
		RedisLeases leases = instance(scripts);
		scripts.down = true;
		CompletableFuture<Boolean> installed = leases.install(this.step, this.db, Map.of("acme", 40L));
		leases.sweep();
		leases.sweep();
		assertThat(installed).isNotDone();
		scripts.down = false;
		leases.sweep();
		assertThat(installed).isCompletedWithValue(true);
		assertThat(store.left(ledger(), "acme")).isEqualTo(40);
	}

	@Test
	void anInstanceWaitsWhileAnotherHoldsTheClaimAndTakesOverWhenItLapses() {
		InMemoryLedgerScripts store = new InMemoryLedgerScripts();
		store.claim(ledger(), ledger() + ":claim", "a dead instance", 2000);
		RedisLeases leases = instance(store);
		CompletableFuture<Boolean> installed = leases.install(this.step, this.db, Map.of("acme", 40L));
		leases.sweep();
		assertThat(installed).as("someone else is writing it").isNotDone();
		store.expireClaim(ledger() + ":claim");
		leases.sweep();
		assertThat(installed).isCompletedWithValue(true);
	}

	@Test
	void anInstallStillNotInPlaceWhenItsStepIsOverIsAbandoned() {
		FailingLedgerScripts scripts = new FailingLedgerScripts(new InMemoryLedgerScripts());
		scripts.down = true;
		RedisLeases leases = instance(scripts);
		CompletableFuture<Boolean> installed = leases.install(this.step, this.db, Map.of("acme", 40L));
		this.time.advance(Duration.ofMinutes(1));
		leases.sweep();
		assertThatThrownBy(installed::join).hasMessageContaining("not installed before its step ended");
		scripts.down = false;
		leases.sweep();
		assertThat(scripts.calls).as("no attempt after the step").hasValue(1);
	}

	/**
	 * A rolling restart: one of two instances closes in the middle of the step, holding a
	 * lease; the survivor spends the whole grant.
	 */
	@Test
	void aClosingInstanceGivesBackItsLeasesSoTheSurvivorSpendsTheWholeGrant() throws Exception {
		RedisLeases leaving = instance(new RedisLedgerScripts(connector()));
		RedisLeases staying = instance(new RedisLedgerScripts(connector()));
		leaving.install(this.step, this.db, Map.of("acme", 100L)).join();
		ShadowBucket onLeaving = leaving.create(this.step, "acme", this.db, 100);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (onLeaving.tryConsume(1) < 0 && System.nanoTime() < deadline) {
			RedisTestServer.sleep(5);
		}
		long spentThere = onLeaving.used();
		assertThat(onLeaving.remaining()).as("still held in its lease").isPositive();
		leaving.close();
		assertThat(onLeaving.remaining()).isZero();

		ShadowBucket onStaying = staying.create(this.step, "acme", this.db, 100);
		deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (onStaying.used() < 100 - spentThere && System.nanoTime() < deadline) {
			if (onStaying.tryConsume(1) < 0) {
				RedisTestServer.sleep(5);
			}
		}
		assertThat(onStaying.used()).as("the survivor spends all the leaving instance did not")
			.isEqualTo(100 - spentThere);
		assertThat(this.redis.redis().command("HGET", ledger(), "acme")).isEqualTo("0");
	}

	/** Counts calls, and the chunks staged. */
	private static final class CountingLedgerScripts implements LedgerScripts {

		private final LedgerScripts scripts;

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger staged = new AtomicInteger();

		final AtomicInteger largestChunk = new AtomicInteger();

		CountingLedgerScripts(LedgerScripts scripts) {
			this.scripts = scripts;
		}

		@Override
		public CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis) {
			this.calls.incrementAndGet();
			return this.scripts.claim(key, claimKey, owner, claimTtlMillis);
		}

		@Override
		public CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants) {
			this.calls.incrementAndGet();
			this.staged.incrementAndGet();
			this.largestChunk.accumulateAndGet(grants.size(), Math::max);
			return this.scripts.stage(stagingKey, ttlMillis, grants);
		}

		@Override
		public CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner,
				long ttlMillis) {
			this.calls.incrementAndGet();
			return this.scripts.commit(key, stagingKey, claimKey, owner, ttlMillis);
		}

		@Override
		public CompletableFuture<Long> lease(String key, byte[] field, long want) {
			return this.scripts.lease(key, field, want);
		}

		@Override
		public CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
			return this.scripts.giveBack(key, field, units);
		}

	}

	/**
	 * Refuses every call at once while {@link #down}, as Lettuce does when disconnected.
	 */
	private static final class FailingLedgerScripts implements LedgerScripts {

		private final LedgerScripts scripts;

		volatile boolean down;

		final AtomicInteger calls = new AtomicInteger();

		FailingLedgerScripts(LedgerScripts scripts) {
			this.scripts = scripts;
		}

		private CompletableFuture<Long> unlessDown(java.util.function.Supplier<CompletableFuture<Long>> call) {
			this.calls.incrementAndGet();
			return this.down ? CompletableFuture.failedFuture(new IllegalStateException("Redis is down")) : call.get();
		}

		@Override
		public CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis) {
			return unlessDown(() -> this.scripts.claim(key, claimKey, owner, claimTtlMillis));
		}

		@Override
		public CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants) {
			return unlessDown(() -> this.scripts.stage(stagingKey, ttlMillis, grants));
		}

		@Override
		public CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner,
				long ttlMillis) {
			return unlessDown(() -> this.scripts.commit(key, stagingKey, claimKey, owner, ttlMillis));
		}

		@Override
		public CompletableFuture<Long> lease(String key, byte[] field, long want) {
			return unlessDown(() -> this.scripts.lease(key, field, want));
		}

		@Override
		public CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
			return unlessDown(() -> this.scripts.giveBack(key, field, units));
		}

	}

}
