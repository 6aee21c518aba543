package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.test.FaultyTcpProxy;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared ledger's leases against a real Redis, two "instances" each with its own
 * connection, in real time (idle and past leases, on a manual clock:
 * {@link RedisShadowBucketContractTests}).
 */
class RedisLeasesTests {

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceType db = new ResourceTypes(Map.of("db", 1000.0)).get("db");

	private final List<AutoCloseable> open = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
		this.redis.deleteKeys(this.prefix);
	}

	private RedisLeases instance() {
		return instance(Duration.ofMillis(100));
	}

	private RedisLeases instance(Duration horizon) {
		return instance(horizon, this.redis.port(), Duration.ofSeconds(2));
	}

	private RedisLeases instance(Duration horizon, int port, Duration timeout) {
		RedisConnector connector = new RedisConnector(List.of(RedisURI.create(this.redis.host(), port)), false,
				timeout);
		this.open.add(connector);
		connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		RedisLeases leases = new RedisLeases(connector, new RedisKeys(this.prefix),
				new RedisGuard(timeout, Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()), this.steps, this.time,
				new LeaseSettings(2, horizon), new SimpleMeterRegistry());
		this.open.add(leases);
		return leases;
	}

	private String left(String tenant) {
		return this.redis.command("HGET", this.prefix + "{r:db}:ledger:" + this.step, tenant);
	}

	@Test
	void aStepIsInstalledOnceAndTheFirstWriteStands() {
		RedisLeases a = instance();
		RedisLeases b = instance();
		assertThat(a.install(this.step, this.db, Map.of("acme", 100L)).join()).isTrue();
		assertThat(b.install(this.step, this.db, Map.of("acme", 999L)).join()).isFalse();
		assertThat(left("acme")).isEqualTo("100");
		assertThat(b.install(this.step + 1, this.db, Map.of()).join()).as("a step without grants is claimed too")
			.isTrue();
		assertThat(a.install(this.step + 1, this.db, Map.of("acme", 5L)).join()).isFalse();
	}

	@Test
	void aGrantSplitBetweenInstancesIsSpentExactlyOnceUnitByUnit() throws Exception {
		long grant = 5000;
		RedisLeases a = instance();
		RedisLeases b = instance();
		a.install(this.step, this.db, Map.of("acme", grant)).join();
		ShadowBucket onA = a.create(this.step, "acme", this.db, grant);
		ShadowBucket onB = b.create(this.step, "acme", this.db, grant);

		AtomicLong spent = new AtomicLong();
		AtomicLong lastSpendNanos = new AtomicLong(System.nanoTime());
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ShadowBucket bucket = (i % 2 == 0) ? onA : onB;
			Thread thread = new Thread(() -> {
				while (!stop.get()) {
					if (bucket.tryConsume(1) >= 0) {
						spent.incrementAndGet();
						lastSpendNanos.set(System.nanoTime());
					}
					else {
						Thread.onSpinWait();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() - lastSpendNanos.get() < Duration.ofMillis(500).toNanos()
				&& System.nanoTime() < deadline) {
			RedisTestServer.sleep(50);
		}
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		long leftInRedis = Long.parseLong(left("acme"));
		System.out.printf("grant %d split between two instances: spent %d (A %d, B %d), held in leases %d%n", grant,
				spent.get(), onA.used(), onB.used(), onA.remaining() + onB.remaining());
		assertThat(spent.get()).isEqualTo(onA.used() + onB.used());
		assertThat(spent.get() + onA.remaining() + onB.remaining()).as("every unit spent once, or still leased")
			.isEqualTo(grant);
		assertThat(onA.used()).as("both instances spent part of it").isPositive();
		assertThat(onB.used()).isPositive();
		assertThat(leftInRedis).isZero();
	}

	@Test
	void aLeaseRedisAnswersAfterTheTimeoutIsCreditedWhenTheAnswerComes() throws Exception {
		try (FaultyTcpProxy slow = new FaultyTcpProxy(this.redis.host(), this.redis.port())) {
			// the step's grants written directly (the 50 ms timeout is for the lease; a
			// loaded machine's first call
			// may take longer), then a lease through the proxy, whose answers it holds
			// for 300 ms
			instance().install(this.step, this.db, Map.of("acme", 100L)).join();
			RedisLeases a = instance(Duration.ofSeconds(10), slow.port(), Duration.ofMillis(50));
			LeasedShadowBucket bucket = new LeasedShadowBucket(a, this.step, "acme", this.db, 100, 100,
					this.prefix + "{r:db}:ledger:" + this.step, RedisKeys.field("acme"));
			slow.delay(300);
			assertThatThrownBy(() -> a.lease(bucket, 10).join()).as("Redis answers after 300 ms, the timeout is 50 ms")
				.hasCauseInstanceOf(StoreUnavailableException.class);
			assertThat(bucket.remaining()).isZero();
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (bucket.remaining() == 0 && System.nanoTime() < deadline) {
				RedisTestServer.sleep(10);
			}
			assertThat(bucket.remaining()).as("the late answer's units reached the lease").isEqualTo(10);
			assertThat(left("acme")).isEqualTo("90");
		}
	}

}
