package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.GatewayInstance.Answer;
import io.github.predictivegateway.test.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances (two Spring contexts on random loopback ports) on one Redis, on
 * the real clock: one tenant on {@code rate: 10, burst: 10}, 100 requests in about a
 * second spread over both instances.
 */
class DistributedGatewayTests {

	@Test
	void twoInstancesOnOneRedisEnforceOneLimitWhereTwoLocalInstancesAdmitTwice() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		Burst shared;
		long fallbacks;
		try (GatewayInstance a = new GatewayInstance(redisMode(redis, prefix));
				GatewayInstance b = new GatewayInstance(redisMode(redis, prefix))) {
			warmUp(a, b);
			double before = fallbacks(a) + fallbacks(b);
			shared = burst(a, b, "tenant-" + UUID.randomUUID(), 100, Duration.ofMillis(9));
			fallbacks = Math.round(fallbacks(a) + fallbacks(b) - before);
		}
		finally {
			redis.deleteKeys(prefix);
		}
		Burst local;
		try (GatewayInstance a = new GatewayInstance(Map.of()); GatewayInstance b = new GatewayInstance(Map.of())) {
			warmUp(a, b);
			local = burst(a, b, "tenant-" + UUID.randomUUID(), 100, Duration.ofMillis(9));
		}
		System.out.printf(
				"two instances, rate 10 burst 10, 100 requests: redis admitted %d in %.3f s (bound %d, "
						+ "%d fallback decisions), local pair admitted %d in %.3f s (one bucket's bound %d)%n",
				shared.admitted, shared.seconds, shared.bound(), fallbacks, local.admitted, local.seconds,
				local.bound());
		assertThat(fallbacks).as("Redis answered every request within its timeout").isZero();
		assertThat(shared.admitted).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(shared.bound());
		assertThat(shared.admitted + shared.throttled).isEqualTo(100);
		// each local instance gets 50 requests and spends its own burst of 10, whatever
		// the machine's speed (how
		// much more its refill adds depends on how long the burst took: the printed
		// figures show about twice)
		assertThat(local.admitted).as("two local buckets: each spends its own burst").isGreaterThanOrEqualTo(2 * 10);
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
		long sharedPreallocated;
		try (GatewayInstance a = new GatewayInstance(redisMode); GatewayInstance b = new GatewayInstance(redisMode)) {
			sharedPreallocated = preallocated(a, b, tenant, 100);
		}
		finally {
			redis.deleteKeys(prefix);
		}
		long localPreallocated;
		try (GatewayInstance a = new GatewayInstance(declared); GatewayInstance b = new GatewayInstance(declared)) {
			localPreallocated = preallocated(a, b, tenant, 100);
		}
		System.out.printf("grant of 30 units, 100 requests over two instances: preallocated %d in Redis mode, %d by "
				+ "a local pair%n", sharedPreallocated, localPreallocated);
		assertThat(sharedPreallocated).as("never more than the grant").isLessThanOrEqualTo(30).isGreaterThan(0);
		assertThat(localPreallocated).isEqualTo(60);
	}

	private static long preallocated(GatewayInstance a, GatewayInstance b, String tenant, int count) {
		awaitRoomInStep();
		long preallocated = 0;
		for (int i = 0; i < count; i++) {
			Answer answer = ((i % 2 == 0) ? a : b).get("/r/" + i, tenant);
			preallocated += "preallocated".equals(answer.decision()) ? 1 : 0;
		}
		return preallocated;
	}

	/**
	 * When less than 15 s are left in the current step (60 s, aligned to the epoch),
	 * waits until 1 s into the next (its grants are prepared 5 s ahead): the requests
	 * must fall in one step, or they get two steps' grants (a loaded machine once spread
	 * a local pair's 100 requests over a step boundary: 85 pre-allocated, not 60).
	 */
	private static void awaitRoomInStep() {
		long intoStep = System.currentTimeMillis() % 60_000;
		if (intoStep > 45_000) {
			RedisTestServer.sleep(60_000 - intoStep + 1_000);
		}
	}

	@Test
	void whenRedisStopsRoutesFollowTheirPolicyWithinTheTimeoutAndSharedLimitsResumeWhenItReturns() {
		RedisTestServer own = RedisTestServer.startOwn();
		String prefix = RedisTestServer.newPrefix();
		Map<String, Object> properties = new HashMap<>(redisMode(own, prefix));
		properties.put("predictive.redis.timeout", "50ms");
		properties.put("predictive.redis.expected-instances", "2");
		properties.put("predictive.redis.circuit-open-for", "500ms");
		try (GatewayInstance a = new GatewayInstance(properties); GatewayInstance b = new GatewayInstance(properties)) {
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
			assertThat(admittedOpen).as("two fallback buckets of burst 5, refilled at 5/s each")
				.isBetween(10L, 10L + 10 * 2);
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
			double fallbacksBefore = fallbacks(a) + fallbacks(b);
			Burst after = burst(a, b, "after-" + UUID.randomUUID(), 40, Duration.ofMillis(10));
			long fallbacks = Math.round(fallbacks(a) + fallbacks(b) - fallbacksBefore);
			System.out.printf(
					"Redis back, 40 requests over both instances: admitted %d in %.3f s (bound %d), "
							+ "%d decided by fallback; Redis calls so far: %s%n",
					after.admitted, after.seconds, after.bound(), fallbacks, calls(a, b));
			assertThat(after.admitted).as("one shared limit again (each fallback decision admits at most one more)")
				.isLessThanOrEqualTo(after.bound() + (int) fallbacks);
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
		Map<String, Long> calls = new java.util.TreeMap<>();
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

		/** What one bucket of rate 10 and burst 10 admits at most in {@code seconds}. */
		int bound() {
			return 10 + (int) Math.floor(10 * this.seconds);
		}

	}

}
