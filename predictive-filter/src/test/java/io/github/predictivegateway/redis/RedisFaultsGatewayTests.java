package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.alert.AlertRules;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.test.AlertWebhook;
import io.github.predictivegateway.test.FaultyTcpProxy;
import io.github.predictivegateway.test.FreezableTimeSource;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.GatewayInstance.Answer;
import io.github.predictivegateway.test.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Redis fault per test, against one gateway instance on the real clock (tenant plan
 * {@code rate: 10, burst:
 * 10}; two expected instances, so the fail-open fallback bucket is
 * {@code rate: 5, burst: 5}), its engine clock frozen (a {@link FreezableTimeSource})
 * while a burst of requests is decided, so that what the buckets admit is exact however
 * long the machine took to send them: a Redis answering slower than
 * {@code predictive.redis.timeout} (a {@link FaultyTcpProxy} delaying its answers), and a
 * Redis process killed and started again. For each: every request is answered within the
 * timeout plus a margin, the fail-open route decides from its fallback bucket and the
 * fail-closed route answers 503 {@code store-unavailable}, the meters say so
 * ({@code predictive.redis.calls} by outcome, {@code predictive.redis.fallbacks} by
 * policy, {@code predictive.redis.circuit.state}, {@code predictive.redis.connected}),
 * and once Redis is healthy the shared bucket decides again, with no restart.
 * {@code RedisUnavailable} fires while the fault lasts (requests keep trying Redis
 * meanwhile) and resolves once Redis is healthy again, each sent exactly once to an
 * {@link AlertWebhook} (rules evaluated every {@value #EVALUATION_MS} ms, {@code for:}
 * {@value #ALERT_FOR_MS} ms instead of 1m).
 */
class RedisFaultsGatewayTests {

	private static final long TIMEOUT_MS = 100;

	private static final long EVALUATION_MS = 100;

	private static final long ALERT_FOR_MS = 1_000;

	private static final String ALERT = AlertRules.REDIS_UNAVAILABLE;

	private static final AlertWebhook WEBHOOK = new AlertWebhook();

	@AfterAll
	static void stopWebhook() {
		WEBHOOK.stop();
	}

	/**
	 * How long the slow Redis holds each answer: twenty timeouts, so that a request that
	 * waited for it, instead of being cut at the timeout, cannot be mistaken for one
	 * slowed down by a loaded machine.
	 */
	private static final long SLOW_REDIS_MS = 20 * TIMEOUT_MS;

	/**
	 * Room for a loaded 2-core machine's scheduling and GC pauses (at load average 10,
	 * requests that never touched Redis took up to 0.4 s, and one cut at the timeout 0.6
	 * s), still short of {@link #SLOW_REDIS_MS}.
	 */
	private static final long MARGIN_MS = 1_500;

	private static final int REQUESTS = 20;

	@Test
	void aSlowRedisCostsARequestAtMostTheTimeoutAndRoutesFollowTheirPolicyUntilItIsFastAgain() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		FreezableTimeSource time = new FreezableTimeSource();
		try (FaultyTcpProxy proxy = new FaultyTcpProxy(redis.host(), redis.port());
				GatewayInstance gateway = new GatewayInstance(properties(proxy.port(), prefix), time)) {
			warmUp(gateway);

			double timeoutsBefore = gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", "timeout");
			long faultStart = System.nanoTime();
			proxy.delay(SLOW_REDIS_MS);
			Outage outage = outage(gateway, "slow", time);

			// how many calls time out before the circuit opens depends on what its window
			// already holds (a loaded
			// machine's warm-up may have left a timed-out call in it); at least one of
			// the outage's calls must
			assertThat(gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", "timeout") - timeoutsBefore)
				.as("calls cut at the timeout before the circuit opened")
				.isGreaterThanOrEqualTo(1);
			outage.check(gateway, "slow");
			long fired = firesWhileRedisIsBad(gateway, faultStart, "slow");

			long healStart = System.nanoTime();
			Instant healed = Instant.now();
			proxy.forward();
			recovers(gateway, "slow-back", time);
			long resolved = resolvesOnce(healStart, healed);
			System.out.printf(
					"Redis slow: %s fired %d ms after the fault began, resolved %d ms after Redis was fast "
							+ "again (for: %d ms, evaluated every %d ms)%n",
					ALERT, fired, resolved, ALERT_FOR_MS, EVALUATION_MS);
		}
		finally {
			redis.deleteKeys(prefix);
		}
	}

	@Test
	void aKilledRedisIsUsedAgainWhenItIsRestartedWithoutRestartingTheGateway() {
		RedisTestServer own = RedisTestServer.startOwn();
		String prefix = RedisTestServer.newPrefix();
		FreezableTimeSource time = new FreezableTimeSource();
		try (GatewayInstance gateway = new GatewayInstance(properties(own.port(), prefix), time)) {
			warmUp(gateway);
			assertThat(gateway.gauge(PredictiveMetricNames.REDIS_CONNECTED)).isEqualTo(1);

			double failedBefore = failedCalls(gateway);
			long faultStart = System.nanoTime();
			own.stop();
			Outage outage = outage(gateway, "killed", time);

			// as for a slow Redis: at least one of the outage's own calls failed before
			// the circuit opened
			assertThat(failedCalls(gateway) - failedBefore).as("calls that failed before the circuit opened")
				.isGreaterThanOrEqualTo(1);
			assertThat(gateway.gauge(PredictiveMetricNames.REDIS_CONNECTED)).isZero();
			outage.check(gateway, "killed");
			long fired = firesWhileRedisIsBad(gateway, faultStart, "killed");

			long healStart = System.nanoTime();
			Instant healed = Instant.now();
			own.start();
			recovers(gateway, "killed-back", time);
			assertThat(gateway.gauge(PredictiveMetricNames.REDIS_CONNECTED)).isEqualTo(1);
			long resolved = resolvesOnce(healStart, healed);
			System.out.printf(
					"Redis killed: %s fired %d ms after the kill, resolved %d ms after the restart "
							+ "(for: %d ms, evaluated every %d ms)%n",
					ALERT, fired, resolved, ALERT_FOR_MS, EVALUATION_MS);
		}
		finally {
			own.stop();
		}
	}

	/**
	 * Waits for {@code RedisUnavailable} while Redis is still bad, a request trying it
	 * every few tens of ms (as traffic would: a slow Redis then keeps the circuit cycling
	 * open, half-open, open).
	 * @return ms from the fault's start to the alert's arrival
	 */
	private static long firesWhileRedisIsBad(GatewayInstance gateway, long faultStart, String tenant) {
		long fired = WEBHOOK.awaitFiring(ALERT, faultStart, () -> gateway.get("/r/probe", tenant + "-probe"));
		assertThat(fired).as("fired after for:, ms").isGreaterThanOrEqualTo(ALERT_FOR_MS);
		return fired;
	}

	/**
	 * Waits for {@code RedisUnavailable} to be resolved once; ms from healing Redis to
	 * its arrival.
	 */
	private static long resolvesOnce(long healStart, Instant healed) {
		return WEBHOOK.awaitResolvedOnce(ALERT, healStart, healed, Duration.ofMillis(5 * EVALUATION_MS));
	}

	/**
	 * What the gateway answered while Redis was bad, and the circuit's worst state seen.
	 */
	private record Outage(List<Answer> open, List<Answer> closed, double worstCircuitState, double openFallbacks,
			double closedFallbacks) {

		void check(GatewayInstance gateway, String name) {
			List<Answer> all = new ArrayList<>(this.open);
			all.addAll(this.closed);
			System.out.printf("Redis %s: slowest answer %d ms (timeout %d ms), fail-open admitted %d of %d, calls %s%n",
					name, all.stream().mapToLong(answer -> answer.took().toMillis()).max().orElse(0), TIMEOUT_MS,
					this.open.stream().filter(answer -> answer.status() == 200).count(), REQUESTS, calls(gateway));
			assertThat(all).allSatisfy(answer -> assertThat(answer.took().toMillis())
				.as("answer while Redis is bad, ms (timeout %d)", TIMEOUT_MS)
				.isLessThan(TIMEOUT_MS + MARGIN_MS));
			assertThat(this.open).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 429));
			long admitted = this.open.stream().filter(answer -> answer.status() == 200).count();
			assertThat(admitted).as("the fallback bucket: burst 5, the clock frozen").isEqualTo(5);
			assertThat(this.closed).allSatisfy(answer -> {
				assertThat(answer.status()).isEqualTo(503);
				assertThat(answer.decision()).isEqualTo("store-unavailable");
				assertThat(answer.retryAfter()).isEqualTo("1");
			});
			assertThat(this.openFallbacks).as("fail-open requests decided by the fallback bucket").isEqualTo(REQUESTS);
			assertThat(this.closedFallbacks).as("fail-closed requests refused").isEqualTo(REQUESTS);
			assertThat(this.worstCircuitState).as("circuit opened (2)").isEqualTo(2);
			assertThat(gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", "rejected"))
				.as("calls refused by the open circuit, Redis not asked")
				.isPositive();
		}

	}

	/**
	 * {@value #REQUESTS} requests to each route, one at a time, sampling the circuit's
	 * state after each, with the engine clock frozen.
	 */
	private static Outage outage(GatewayInstance gateway, String name, FreezableTimeSource time) {
		double openBefore = fallbacks(gateway, "fail-open");
		double closedBefore = fallbacks(gateway, "fail-closed");
		List<Answer> open = new ArrayList<>();
		List<Answer> closed = new ArrayList<>();
		double worst = 0;
		time.freeze();
		try {
			for (int i = 0; i < REQUESTS; i++) {
				open.add(gateway.get("/r/" + i, name + "-open"));
				closed.add(gateway.get("/closed/" + i, name + "-closed"));
				worst = Math.max(worst, gateway.gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE));
			}
		}
		finally {
			time.thaw();
		}
		return new Outage(open, closed, worst, fallbacks(gateway, "fail-open") - openBefore,
				fallbacks(gateway, "fail-closed") - closedBefore);
	}

	/**
	 * Redis healthy again: within 15 s the circuit closes and requests are decided by
	 * Redis again (no fallback); then twelve requests of a new tenant, the engine clock
	 * frozen, get exactly the shared bucket's burst of 10, not the fallback's 5, and the
	 * fail-closed route admits again. A loaded machine can make a healthy Redis miss the
	 * 100 ms timeout now and then, and a request decided by the fallback says nothing
	 * about the shared bucket: such a round is done again with another new tenant, until
	 * one is decided by Redis throughout (within the same 15 s).
	 */
	private static void recovers(GatewayInstance gateway, String tenant, FreezableTimeSource time) {
		long back = System.nanoTime();
		double fallbacks = -1;
		while (gateway.gauge(PredictiveMetricNames.REDIS_CIRCUIT_STATE) != 0 || fallbacks != allFallbacks(gateway)) {
			assertWithin15s(back);
			fallbacks = allFallbacks(gateway);
			gateway.get("/r/probe", tenant + "-probe");
			RedisTestServer.sleep(100);
		}
		System.out.printf("Redis back (%s): circuit closed and no fallback after %d ms%n", tenant,
				Duration.ofNanos(System.nanoTime() - back).toMillis());
		for (int round = 1;; round++) {
			String fresh = tenant + "-" + round;
			double before = allFallbacks(gateway);
			long admitted = 0;
			time.freeze();
			try {
				for (int i = 0; i < 12; i++) {
					admitted += (gateway.get("/r/" + i, fresh).status() == 200) ? 1 : 0;
				}
			}
			finally {
				time.thaw();
			}
			int closedStatus = gateway.get("/closed/1", fresh + "-closed").status();
			double fellBack = allFallbacks(gateway) - before;
			if (fellBack == 0) {
				assertThat(admitted).as("the shared bucket again: burst 10, the clock frozen").isEqualTo(10);
				assertThat(closedStatus).as("fail-closed route once Redis is back").isEqualTo(200);
				return;
			}
			System.out.printf("Redis back (%s): round %d had %.0f fallback decision(s) (calls %s); again%n", tenant,
					round, fellBack, calls(gateway));
			assertWithin15s(back);
		}
	}

	private static void assertWithin15s(long back) {
		assertThat(System.nanoTime() - back).as("recovered within 15 s").isLessThan(Duration.ofSeconds(15).toNanos());
	}

	private static Map<String, Long> calls(GatewayInstance gateway) {
		Map<String, Long> calls = new java.util.TreeMap<>();
		for (String outcome : List.of("success", "error", "timeout", "rejected")) {
			calls.put(outcome, Math.round(gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", outcome)));
		}
		return calls;
	}

	private static double fallbacks(GatewayInstance gateway, String policy) {
		return gateway.count(PredictiveMetricNames.REDIS_FALLBACKS, PredictiveMetricNames.POLICY, policy);
	}

	private static double allFallbacks(GatewayInstance gateway) {
		return gateway.count(PredictiveMetricNames.REDIS_FALLBACKS);
	}

	/** Also clears what the webhook received: each test starts one gateway with these. */
	private static Map<String, Object> properties(int port, String prefix) {
		WEBHOOK.url();
		WEBHOOK.accept();
		Map<String, Object> properties = new HashMap<>();
		properties.put("predictive.store", "redis");
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(port));
		properties.put("predictive.redis.key-prefix", prefix);
		properties.put("predictive.redis.timeout", TIMEOUT_MS + "ms");
		properties.put("predictive.redis.expected-instances", "2");
		properties.put("predictive.redis.circuit-open-for", "500ms");
		properties.put("predictive.alerts.webhook-url", WEBHOOK.url());
		properties.put("predictive.alerts.evaluation-interval", EVALUATION_MS + "ms");
		properties.put("predictive.alerts.repeat-interval", "1h");
		properties.put("predictive.alerts.rules.redis-unavailable.for", ALERT_FOR_MS + "ms");
		return properties;
	}

	private static double failedCalls(GatewayInstance gateway) {
		return gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", "error")
				+ gateway.count(PredictiveMetricNames.REDIS_CALLS, "outcome", "timeout");
	}

	/** Connection open, code paths loaded: the shared bucket decides. */
	private static void warmUp(GatewayInstance gateway) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!"standard".equals(gateway.get("/r/warm", "warm-up").decision())) {
			assertThat(System.nanoTime()).as("warmed up within 20 s").isLessThan(deadline);
			RedisTestServer.sleep(50);
		}
		// a loaded machine can make a cold call miss the 100 ms timeout: warm up until a
		// whole round is decided by
		// Redis, waiting out a circuit such a miss may have opened
		for (;;) {
			double fallbacks = allFallbacks(gateway);
			for (int i = 0; i < 5; i++) {
				gateway.get("/r/warm", "warm-up-" + i);
			}
			if (allFallbacks(gateway) == fallbacks) {
				return;
			}
			assertThat(System.nanoTime()).as("a warm-up round decided by Redis within 20 s").isLessThan(deadline);
			RedisTestServer.sleep(600);
		}
	}

}
