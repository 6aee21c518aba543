package io.github.predictivegateway.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.GatewayInstance.Answer;
import io.github.predictivegateway.test.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distributed mode on the real Redis and the real clock: a request one instance's
 * capacity gate refuses gives its tenant's units back to the standard bucket in Redis, so
 * the tenant's retry on the other instance is served. The gate lets 0.5 requests/s
 * through and holds 1; standard requests never wait at it; the tenant's plan allows 2
 * requests and refills them only over 200 s.
 */
class GateRefundDistributedGatewayTests {

	private static final long GATE_REFILL_MS = 2_000;

	@Test
	void aRequestTheGateRefusedOnOneInstanceLeavesItsUnitsForTheRetryOnTheOther() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		String tenant = "refunded-" + UUID.randomUUID().toString().substring(0, 8);
		try (GatewayInstance a = new GatewayInstance(properties(redis, prefix));
				GatewayInstance b = new GatewayInstance(properties(redis, prefix))) {
			// code paths loaded and connections open on both, then a full gate again
			a.get("/r/warm", "warm-up");
			b.get("/r/warm", "warm-up");
			RedisTestServer.sleep(GATE_REFILL_MS + 100);

			Answer served = a.get("/r/1", tenant);
			Answer refused = b.get("/r/2", tenant);
			RedisTestServer.sleep(GATE_REFILL_MS + 100);
			Answer retried = a.get("/r/3", tenant);

			System.out.printf("gate refunds in Redis mode: %s, %s, retry after the gate refilled: %s%n", served,
					refused, retried);
			assertThat(served.status()).isEqualTo(200);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.decision()).isEqualTo("timed-out");
			assertThat(retried.status()).as("the refused request's unit is back").isEqualTo(200);
			assertThat(retried.decision()).isEqualTo("standard");
			assertThat(a.count(PredictiveMetricNames.REDIS_FALLBACKS) + b.count(PredictiveMetricNames.REDIS_FALLBACKS))
				.as("every decision made in Redis")
				.isZero();
		}
		finally {
			redis.deleteKeys(prefix);
		}
	}

	private static Map<String, Object> properties(RedisTestServer redis, String prefix) {
		Map<String, Object> properties = new HashMap<>(DistributedGatewayTests.redisMode(redis, prefix));
		// a cold instance's first calls must not time out into the local fallback
		properties.put("predictive.redis.timeout", "5s");
		properties.put("predictive.capacity.requests", "0.5");
		properties.put("predictive.queue.max-wait.standard", "0ms");
		properties.put("predictive.plans.free.requests.rate", "0.01");
		properties.put("predictive.plans.free.requests.burst", "2");
		return properties;
	}

}
