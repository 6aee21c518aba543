package io.github.predictivegateway.filter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.RedisTestServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream slower than its route's response timeout (route metadata {@code response-timeout: 200} ms, a
 * WireMock upstream answering after 3 s), behind a capacity gate that lets one request through every 200 ms
 * (capacity 5/s, gate burst 200 ms) and a queue of at most 3 (real clock). Gateway answers the timed-out requests
 * {@code 504} at the route's timeout; the filter must not keep anything for them: the queue empties, and the next
 * wave of the same size is queued and admitted again, none refused as {@code queue-full}.
 */
class UpstreamTimeoutGatewayTests {

	private static final long RESPONSE_TIMEOUT_MS = 200;

	private static final long MAX_WAIT_MS = 1_000;

	/** Room for this shared 2-core machine's scheduling and GC pauses. */
	private static final long MARGIN_MS = 500;

	private static final int WAVE = 4;

	private final WireMockServer slow = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@AfterEach
	void stopUpstream() {
		this.slow.stop();
	}

	@Test
	void anUpstreamSlowerThanTheRouteTimeoutIsAnswered504AtTheTimeoutAndLeavesNoQueueSlotTaken() {
		this.slow.start();
		this.slow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
		try (GatewayInstance gateway = new GatewayInstance(properties(this.slow.port()))) {
			gateway.get("/r/warm", "warm-up");
			RedisTestServer.sleep(300);

			List<Timed> timedOut = wave(gateway, "/slow/", "impatient");
			System.out.printf("upstream 3 s behind a 200 ms route timeout, gate 5/s: answers %s%n", timedOut);

			assertThat(timedOut).allSatisfy(answer -> {
				assertThat(answer.status()).as("the route's response timeout").isEqualTo(504);
				assertThat(answer.millis()).as("queued at most max-wait, then the route's timeout, ms")
					.isLessThan(MAX_WAIT_MS + RESPONSE_TIMEOUT_MS + MARGIN_MS);
			});
			assertThat(gateway.gauge(PredictiveMetricNames.QUEUE_LENGTH, PredictiveMetricNames.RESOURCE, "requests"))
				.isZero();

			RedisTestServer.sleep(300);
			List<Timed> next = wave(gateway, "/r/", "next");

			assertThat(next).extracting(Timed::status).containsOnly(200);
			assertThat(gateway.count(PredictiveMetricNames.QUEUE_REJECTIONS)).as("queue-full refusals").isZero();
			assertThat(gateway.count(PredictiveMetricNames.QUEUE_TIMEOUTS)).isZero();
			assertThat(gateway.count(PredictiveMetricNames.GATE_ADMITTED)).isEqualTo(1 + 2 * WAVE);
			assertThat(gateway.gauge(PredictiveMetricNames.QUEUE_LENGTH, PredictiveMetricNames.RESOURCE, "requests"))
				.isZero();
		}
	}

	/** What one request got, and how long it took. */
	private record Timed(int status, long millis) {

	}

	/** {@value #WAVE} concurrent requests: one passes the gate at once, three wait their turn (200, 400, 600 ms). */
	private static List<Timed> wave(GatewayInstance gateway, String path, String tenant) {
		return Flux.range(0, WAVE).flatMap(i -> {
			long start = System.nanoTime();
			return gateway.client()
				.get()
				.uri(path + i)
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody()
					.thenReturn(new Timed(response.statusCode().value(), (System.nanoTime() - start) / 1_000_000)));
		}, WAVE).collectList().block(Duration.ofSeconds(30));
	}

	private static Map<String, Object> properties(int slowPort) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("predictive.capacity.requests", "5");
		properties.put("predictive.gate.burst", "200ms");
		properties.put("predictive.queue.max-length", "3");
		properties.put("predictive.queue.max-wait.standard", MAX_WAIT_MS + "ms");
		String route = "spring.cloud.gateway.server.webflux.routes[2]";
		properties.put(route + ".id", "slow");
		properties.put(route + ".uri", "http://127.0.0.1:" + slowPort);
		properties.put(route + ".predicates[0]", "Path=/slow/**");
		properties.put(route + ".filters[0].name", "PredictiveRateLimiter");
		properties.put(route + ".filters[0].args.resource", "requests");
		properties.put(route + ".metadata.response-timeout", Long.toString(RESPONSE_TIMEOUT_MS));
		return properties;
	}

}
