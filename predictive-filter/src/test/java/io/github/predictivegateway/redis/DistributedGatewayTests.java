package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.GatewayInstance.Answer;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway instances (two Spring contexts on random loopback ports) on one Redis,
 * sharing one engine clock that stands still (a {@link ManualTimeSource}): buckets never
 * refill during a test, so every count is exact whatever the machine's speed. One tenant
 * on {@code rate: 10, burst: 10}, 100 requests spread over both instances. A run where
 * Redis missed its timeout (a decision by the fallback bucket) says nothing about the
 * shared bucket: the first test fails on it, the last repeats its round with a new tenant
 * until one is decided by Redis throughout.
 */
class DistributedGatewayTests {

	private static ManualTimeSource frozenClock() {
		return new ManualTimeSource(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(10));
	}

	@Test
	void twoInstancesOnOneRedisEnforceOneLimitWhereTwoLocalInstancesAdmitTwice() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		Burst shared;
		long fallbacks;
		ManualTimeSource time = frozenClock();
		try (GatewayInstance a = new GatewayInstance(redisMode(redis, prefix), time);
				GatewayInstance b = new GatewayInstance(redisMode(redis, prefix), time)) {
			warmUp(a, b);
			double before = fallbacks(a) + fallbacks(b);
			shared = burst(a, b, "tenant-" + UUID.randomUUID(), 100, Duration.ofMillis(9));
			fallbacks = Math.round(fallbacks(a) + fallbacks(b) - before);
		}
		finally {
			redis.deleteKeys(prefix);
		}
		Burst local;
		ManualTimeSource localTime = frozenClock();
		try (GatewayInstance a = new GatewayInstance(Map.of(), localTime);
				GatewayInstance b = new GatewayInstance(Map.of(), localTime)) {
			warmUp(a, b);
			local = burst(a, b, "tenant-" + UUID.randomUUID(), 100, Duration.ofMillis(9));
		}
		System.out.printf(
				"two instances, rate 10 burst 10, clock frozen, 100 requests: redis admitted %d in %.3f s "
						+ "(%d fallback decisions), local pair admitted %d in %.3f s%n",
				shared.admitted, shared.seconds, fallbacks, local.admitted, local.seconds);
		assertThat(fallbacks).as("Redis answered every request within its timeout").isZero();
		assertThat(shared.admitted).as("one shared bucket: its burst").isEqualTo(10);
		assertThat(shared.throttled).isEqualTo(90);
		assertThat(local.admitted).as("two local buckets: each spends its own burst").isEqualTo(2 * 10);
		assertThat(local.throttled).isEqualTo(80);
	}

	@Test
	void aPreallocationIsSpentOnceAcrossInstancesWhereTwoLocalInstancesSpendItTwice() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		String tenant = "gold-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> declared = Map.of("predictive.tenants." + tenant + ".preallocations[0].resource",
				"requests", "predictive.tenants." + tenant + ".preallocations[0].units", "30");
		Map<String, Object> redisMode = new HashMap<>(redisMode(redis, prefix));
		redisMode.putAll(declared);
		Map<String, Long> shared;
		Map<String, Long> local;
		ManualTimeSource time = frozenClock();
		try (GatewayInstance a = new GatewayInstance(redisMode, time);
				GatewayInstance b = new GatewayInstance(redisMode, time)) {
			double before = fallbacks(a) + fallbacks(b);
			shared = decisions(a, b, tenant, 100);
			assertThat(fallbacks(a) + fallbacks(b) - before).as("decided by Redis throughout").isZero();
			// every unit of the grant is spent, held in an instance's lease, or still in
			// the
			// ledger: none lost (a lease under way holds its units in neither place until
			// Redis answers, so this is awaited)
			long preallocated = shared.getOrDefault("preallocated", 0L);
			String ledger = new RedisKeys(prefix).ledger(resource(a), step(a, time));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(preallocated + held(a, tenant, time) + held(b, tenant, time)
						+ Long.parseLong(Objects
							.requireNonNullElse(redis.command("HGET", ledger, RedisKeys.field(tenant)), "0")))
					.as("pre-allocated %d + held in leases + left in the ledger", preallocated)
					.isEqualTo(30));
		}
		finally {
			redis.deleteKeys(prefix);
		}
		ManualTimeSource localTime = frozenClock();
		try (GatewayInstance a = new GatewayInstance(declared, localTime);
				GatewayInstance b = new GatewayInstance(declared, localTime)) {
			local = decisions(a, b, tenant, 100);
		}
		System.out.printf("grant of 30 units, 100 requests over two instances, clock frozen: %s in Redis mode, %s by "
				+ "a local pair%n", shared, local);
		assertThat(shared.get("preallocated")).as("never more than the grant").isBetween(1L, 30L);
		assertThat(shared.get("standard")).as("one shared standard bucket, untouched by pre-allocated requests")
			.isEqualTo(10);
		assertThat(shared.get("throttled")).isEqualTo(100 - 10 - shared.get("preallocated"));
		assertThat(local)
			.containsExactlyInAnyOrderEntriesOf(Map.of("preallocated", 60L, "standard", 20L, "throttled", 20L));
	}

	/** {@code count} requests, one at a time, alternating; how many of each decision. */
	private static Map<String, Long> decisions(GatewayInstance a, GatewayInstance b, String tenant, int count) {
		Map<String, Long> decisions = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			Answer answer = ((i % 2 == 0) ? a : b).get("/r/" + i, tenant);
			decisions.merge(answer.decision(), 1L, Long::sum);
		}
		return decisions;
	}

	private static ResourceType resource(GatewayInstance instance) {
		return instance.bean(ResourceTypes.class).get("requests");
	}

	private static long step(GatewayInstance instance, ManualTimeSource time) {
		return instance.bean(Steps.class).indexOf(time.epochNanos());
	}

	/** Units of the tenant's grant this instance holds in its lease. */
	private static long held(GatewayInstance instance, String tenant, ManualTimeSource time) {
		StepGrants grants = instance.bean(ShadowBucketTable.class).grantsAt(time.epochNanos());
		ShadowBucket lease = (grants != null) ? grants.shadowBucket(tenant, resource(instance)) : null;
		return (lease != null) ? lease.remaining() : 0;
	}

	@Test
	void whenRedisStopsRoutesFollowTheirPolicyWithinTheTimeoutAndSharedLimitsResumeWhenItReturns() {
		RedisTestServer own = RedisTestServer.startOwn();
		String prefix = RedisTestServer.newPrefix();
		Map<String, Object> properties = new HashMap<>(redisMode(own, prefix));
		properties.put("predictive.redis.timeout", "50ms");
		properties.put("predictive.redis.expected-instances", "2");
		properties.put("predictive.redis.circuit-open-for", "500ms");
		ManualTimeSource time = frozenClock();
		try (GatewayInstance a = new GatewayInstance(properties, time);
				GatewayInstance b = new GatewayInstance(properties, time)) {
			warmUp(a, b);
			assertThat(a.get("/r/1", "up").decision()).isEqualTo("standard");
			assertThat(own.command("EXISTS", prefix + "{t:up}:bucket:requests")).isEqualTo(":1");

			own.stop();
			List<Answer> open = new ArrayList<>();
			List<Answer> closed = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				open.add(((i % 2 == 0) ? a : b).get("/r/" + i, "down"));
				closed.add(((i % 2 == 0) ? a : b).get("/closed/" + i, "down-closed"));
			}
			long slowestMs = Flux.concat(Flux.fromIterable(open), Flux.fromIterable(closed))
				.map(answer -> answer.took().toMillis())
				.reduce(Math::max)
				.block();
			long admittedOpen = open.stream().filter(answer -> answer.status() == 200).count();
			System.out.printf(
					"Redis down: slowest answer %d ms (timeout 50 ms); fail-open admitted %d of 30 "
							+ "(fallback: burst 5 per instance), fail-closed statuses %s%n",
					slowestMs, admittedOpen, closed.stream().map(Answer::status).distinct().toList());
			assertThat(slowestMs).as("slowest answer while Redis is down, ms").isLessThan(50 + 450);
			assertThat(admittedOpen).as("two fallback buckets of burst 5, the clock frozen").isEqualTo(10);
			assertThat(open).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 429));
			assertThat(closed).allSatisfy(answer -> {
				assertThat(answer.status()).isEqualTo(503);
				assertThat(answer.decision()).isEqualTo("store-unavailable");
				assertThat(answer.retryAfter()).isEqualTo("1");
			});
			assertThat(a.bean(RedisGuard.class).isOpen() || b.bean(RedisGuard.class).isOpen())
				.as("circuit breaker open after the first failures")
				.isTrue();

			own.start();
			long back = System.nanoTime();
			String tenant = "back";
			while (!":1".equals(own.command("EXISTS", prefix + "{t:" + tenant + "}:bucket:requests"))) {
				assertThat(System.nanoTime() - back).as("recovered within 10 s")
					.isLessThan(Duration.ofSeconds(10).toNanos());
				a.get("/r/probe", tenant);
				b.get("/r/probe", tenant);
				RedisTestServer.sleep(100);
			}
			System.out.printf("Redis back: shared buckets used again after %d ms%n",
					Duration.ofNanos(System.nanoTime() - back).toMillis());
			// both instances' circuits closed again (each closes after its own successful
			// trial calls)
			while (!closed(a) || !closed(b)) {
				assertThat(System.nanoTime() - back).as("both circuits closed within 10 s")
					.isLessThan(Duration.ofSeconds(10).toNanos());
				a.get("/r/probe", tenant);
				b.get("/r/probe", tenant);
				RedisTestServer.sleep(100);
			}
			System.out.printf("Redis back: both circuit breakers closed after %d ms%n",
					Duration.ofNanos(System.nanoTime() - back).toMillis());
			// twelve requests of a new tenant, one at a time over both instances, get the
			// shared burst of 10. A healthy Redis can still miss the 50 ms timeout on a
			// loaded machine, and a round with a fallback decision says nothing about the
			// shared bucket: such a round is done again with a new tenant (within 30 s)
			for (int round = 1;; round++) {
				double fallbacksBefore = fallbacks(a) + fallbacks(b);
				Map<String, Long> after = decisions(a, b, "after-" + round + "-" + UUID.randomUUID(), 12);
				long fallbacks = Math.round(fallbacks(a) + fallbacks(b) - fallbacksBefore);
				System.out.printf("Redis back, round %d, 12 requests over both instances: %s, %d decided by "
						+ "fallback; Redis calls so far: %s%n", round, after, fallbacks, calls(a, b));
				if (fallbacks == 0) {
					assertThat(after).as("one shared limit again: its burst")
						.containsExactlyInAnyOrderEntriesOf(Map.of("standard", 10L, "throttled", 2L));
					break;
				}
				assertThat(System.nanoTime() - back).as("a round decided by Redis throughout within 30 s")
					.isLessThan(Duration.ofSeconds(30).toNanos());
			}
			assertThat(a.get("/closed/1", "closed-after").status()).isEqualTo(200);
		}
		finally {
			own.stop();
		}
	}

	private static boolean closed(GatewayInstance instance) {
		return instance.bean(RedisGuard.class)
			.circuitBreaker()
			.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
	}

	private static Map<String, Long> calls(GatewayInstance a, GatewayInstance b) {
		Map<String, Long> calls = new TreeMap<>();
		for (String outcome : List.of("success", "error", "timeout", "rejected")) {
			calls.put(outcome,
					Math.round(a.count(io.github.predictivegateway.metrics.PredictiveMetricNames.REDIS_CALLS, "outcome",
							outcome)
							+ b.count(io.github.predictivegateway.metrics.PredictiveMetricNames.REDIS_CALLS, "outcome",
									outcome)));
		}
		return calls;
	}

	private static double fallbacks(GatewayInstance instance) {
		return instance.count(io.github.predictivegateway.metrics.PredictiveMetricNames.REDIS_FALLBACKS);
	}

	static Map<String, Object> redisMode(RedisTestServer redis, String prefix) {
		return Map.of("predictive.store", "redis", "spring.data.redis.host", redis.host(), "spring.data.redis.port",
				Integer.toString(redis.port()), "predictive.redis.key-prefix", prefix, "predictive.redis.timeout",
				"500ms");
	}

	/**
	 * Connections open, code paths loaded: the first requests are not part of any
	 * measurement.
	 */
	private static void warmUp(GatewayInstance a, GatewayInstance b) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Answer first = a.get("/r/warm", "warm-up");
			Answer second = b.get("/r/warm", "warm-up");
			if ("standard".equals(first.decision()) && "standard".equals(second.decision())
					|| first.status() == 429 && second.status() == 429) {
				return;
			}
			RedisTestServer.sleep(50);
		}
	}

	/**
	 * {@code count} requests of one tenant, one every {@code every}, alternating between
	 * the instances, all in flight concurrently; elapsed from the first send to the last
	 * answer.
	 */
	private static Burst burst(GatewayInstance a, GatewayInstance b, String tenant, int count, Duration every) {
		long start = System.nanoTime();
		Flux<Long> ticks = every.isZero() ? Flux.range(0, count).map(Integer::longValue)
				: Flux.interval(Duration.ZERO, every).take(count);
		List<Integer> statuses = ticks
			.flatMap(i -> ((i % 2 == 0) ? a : b).client()
				.get()
				.uri("/r/" + i)
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
				.onErrorResume(ex -> Mono.just(-1)), 256)
			.collectList()
			.block(Duration.ofSeconds(30));
		double seconds = (System.nanoTime() - start) / 1e9;
		int admitted = (int) statuses.stream().filter(s -> s == 200).count();
		int throttled = (int) statuses.stream().filter(s -> s == 429).count();
		return new Burst(admitted, throttled, seconds);
	}

	private record Burst(int admitted, int throttled, double seconds) {

	}

}
