package io.github.predictivegateway.app;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway's own {@code Bucket4jRateLimiter} in gateway-app
 * ({@code gateway-app.bucket4j-rate-limiter.enabled}), as the load benchmark uses it: a
 * route selects it by name, next to a route on Gateway's {@code RedisRateLimiter}, which
 * stays {@code RequestRateLimiter}'s default. Both on a real Redis, under a key prefix
 * and tenant ids of this run; the buckets refill one unit per 30 s, so the third request
 * of a two-unit bucket is refused whatever the machine's speed.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"gateway-app.bucket4j-rate-limiter.enabled=true",
				"spring.cloud.gateway.server.webflux.routes[0].id=bucket4j",
				"spring.cloud.gateway.server.webflux.routes[0].uri=forward:/demo-backend",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/bucket4j/**",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].name=RequestRateLimiter",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.rate-limiter=#{@bucket4jRateLimiter}",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.key-resolver=#{@tenantHeaderKeyResolver}",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.bucket4j-rate-limiter.capacity=2",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.bucket4j-rate-limiter.refillTokens=2",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.bucket4j-rate-limiter.refillPeriod=60s",
				"spring.cloud.gateway.server.webflux.routes[1].id=redis",
				"spring.cloud.gateway.server.webflux.routes[1].uri=forward:/demo-backend",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/redis/**",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0].name=RequestRateLimiter",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0].args.key-resolver=#{@tenantHeaderKeyResolver}",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0].args.redis-rate-limiter.replenishRate=1",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0].args.redis-rate-limiter.burstCapacity=60",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0].args.redis-rate-limiter.requestedTokens=30" })
class GatewayBucket4jRateLimiterTests {

	private static final String TENANT = "bucket4j-test-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.shared();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("gateway-app.bucket4j-rate-limiter.key-prefix",
				() -> "predictive-test:" + UUID.randomUUID().toString().substring(0, 8) + ":");
	}

	@LocalServerPort
	private int port;

	@Test
	void aRouteOnBucket4jRateLimiterRefusesTheThirdRequestOfATwoUnitBucket() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();

		for (String remaining : new String[] { "1", "0" }) {
			client.get()
				.uri("/bucket4j/x")
				.header("X-Tenant-Id", TENANT)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-RateLimit-Remaining", remaining);
		}
		client.get()
			.uri("/bucket4j/x")
			.header("X-Tenant-Id", TENANT)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void redisRateLimiterStaysTheDefaultOfRequestRateLimiter() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();

		// 30 of 60 units per request: Gateway's RedisRateLimiter headers, and the third
		// request refused. Its script refills one unit per whole second of Redis' clock,
		// so the second request finds exactly 0 when both fall in one second of that
		// clock; a round that crossed a second boundary is done again with a new tenant.
		for (int round = 1;; round++) {
			String tenant = TENANT + "-redis-" + round;
			long before = TestRedis.shared().seconds();
			admitted(client, tenant).expectHeader().valueEquals("X-RateLimit-Remaining", "30");
			String remaining = admitted(client, tenant).returnResult(Void.class)
				.getResponseHeaders()
				.getFirst("X-RateLimit-Remaining");
			if (TestRedis.shared().seconds() == before) {
				assertThat(remaining).isEqualTo("0");
				client.get()
					.uri("/redis/x")
					.header("X-Tenant-Id", tenant)
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
				return;
			}
			assertThat(round).as("two requests within one second of Redis' clock, in 5 rounds").isLessThan(5);
		}
	}

	private static WebTestClient.ResponseSpec admitted(WebTestClient client, String tenant) {
		return client.get()
			.uri("/redis/x")
			.header("X-Tenant-Id", tenant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-RateLimit-Burst-Capacity", "60");
	}

}
