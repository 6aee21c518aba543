package io.github.predictivegateway.filter;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import io.github.predictivegateway.alert.AlertRules;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.test.AlertWebhook;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.GatewayRouteMetrics;
import io.github.predictivegateway.test.RedisTestServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream slower than its route's response timeout (route metadata
 * {@code response-timeout: 200} ms, a WireMock upstream answering after 3 s), behind a
 * capacity gate that lets one request through every 200 ms (capacity 5/s, gate burst 200
 * ms) and a queue of at most 3 (real clock). Gateway answers the timed-out requests
 * {@code 504} at the route's timeout; the filter must not keep anything for them: the
 * queue empties, and the next wave of the same size is queued and admitted again, none
 * refused as {@code queue-full}. {@code UpstreamTimeouts} (the share of a route's answers
 * that are 504, from Gateway's route timer: {@link GatewayRouteMetrics}) fires while the
 * upstream is slow, naming the route and its upstream, and resolves once the upstream is
 * fast again and the window has moved past the 504s, each sent exactly once to an
 * {@link AlertWebhook} (rules evaluated every {@value #EVALUATION_MS} ms; window
 * {@value #ALERT_WINDOW_MS} ms, at least {@value #WAVE} requests, {@code for:}
 * {@value #ALERT_FOR_MS} ms, instead of 5m, 20 and 2m).
 */
class UpstreamTimeoutGatewayTests {

	private static final long EVALUATION_MS = 100;

	private static final long ALERT_WINDOW_MS = 2_000;

	private static final long ALERT_FOR_MS = 300;

	private static final String ALERT = AlertRules.UPSTREAM_TIMEOUTS;

	private final AlertWebhook webhook = new AlertWebhook();

	private static final long RESPONSE_TIMEOUT_MS = 200;

	private static final long MAX_WAIT_MS = 1_000;

	/** Room for this shared 2-core machine's scheduling and GC pauses. */
	private static final long MARGIN_MS = 500;

	private static final int WAVE = 4;

	private final WireMockServer slow = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@AfterEach
	void stopUpstream() {
		this.slow.stop();
		this.webhook.stop();
	}

	@Test
	void anUpstreamSlowerThanTheRouteTimeoutIsAnswered504AtTheTimeoutLeavesNoQueueSlotTakenAndIsAlerted() {
		this.slow.start();
		this.slow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
		try (GatewayInstance gateway = new GatewayInstance(properties(this.slow.port(), this.webhook.url()),
				GatewayRouteMetrics.class)) {
			gateway.get("/r/warm", "warm-up");
			RedisTestServer.sleep(300);
			assertThat(this.webhook.names()).as("alerts before the timeouts").isEmpty();

			long faultStart = System.nanoTime();
			List<Timed> timedOut = wave(gateway, "/slow/", "impatient");
			System.out.printf("upstream 3 s behind a 200 ms route timeout, gate 5/s: answers %s%n", timedOut);

			assertThat(timedOut).allSatisfy(answer -> {
				assertThat(answer.status()).as("the route's response timeout").isEqualTo(504);
				assertThat(answer.millis()).as("queued at most max-wait, then the route's timeout, ms")
					.isLessThan(MAX_WAIT_MS + RESPONSE_TIMEOUT_MS + MARGIN_MS);
			});
			assertThat(gateway.gauge(PredictiveMetricNames.QUEUE_LENGTH, PredictiveMetricNames.RESOURCE, "requests"))
				.isZero();
			long fired = firesWhileTheUpstreamIsSlow(faultStart);

			RedisTestServer.sleep(300);
			List<Timed> next = wave(gateway, "/r/", "next");

			assertThat(next).extracting(Timed::status).containsOnly(200);
			assertThat(gateway.count(PredictiveMetricNames.QUEUE_REJECTIONS)).as("queue-full refusals").isZero();
			assertThat(gateway.count(PredictiveMetricNames.QUEUE_TIMEOUTS)).isZero();
			assertThat(gateway.count(PredictiveMetricNames.GATE_ADMITTED)).isEqualTo(1 + 2 * WAVE);
			assertThat(gateway.gauge(PredictiveMetricNames.QUEUE_LENGTH, PredictiveMetricNames.RESOURCE, "requests"))
				.isZero();

			long healStart = System.nanoTime();
			Instant healed = Instant.now();
			this.slow.resetAll();
			this.slow.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
			RedisTestServer.sleep(300);
			assertThat(wave(gateway, "/slow/", "patient")).extracting(Timed::status).containsOnly(200);
			long resolved = resolvesOnce(healStart, healed);
			System.out.printf(
					"upstream slow: %s fired %d ms after the first timed-out request began, resolved %d ms "
							+ "after the upstream was fast again (window %d ms, for: %d ms, evaluated every %d ms)%n",
					ALERT, fired, resolved, ALERT_WINDOW_MS, ALERT_FOR_MS, EVALUATION_MS);
		}
	}

	/**
	 * Waits for {@code UpstreamTimeouts} while the upstream is still slow: it names the
	 * slow route and its upstream.
	 * @return ms from the first timed-out request's start to the alert's arrival
	 */
	private long firesWhileTheUpstreamIsSlow(long faultStart) {
		long fired = this.webhook.awaitFiring(ALERT, faultStart, () -> {
		});
		JsonNode alert = this.webhook.alerts(ALERT).get(0);
		String upstream = "http://127.0.0.1:" + this.slow.port();
		assertThat(alert.get("labels").get("routeId").asString()).isEqualTo("slow");
		assertThat(alert.get("labels").get("routeUri").asString()).isEqualTo(upstream);
		assertThat(alert.get("annotations").get("description").asString())
			.isEqualTo("100% of the requests on route " + "slow were answered 504 over the last 2s: its upstream "
					+ upstream + " is slower than the route's response timeout (threshold 5%)");
		return fired;
	}

	/**
	 * Waits for {@code UpstreamTimeouts} to be resolved once; ms from healing the
	 * upstream to its arrival.
	 */
	private long resolvesOnce(long healStart, Instant healed) {
		return this.webhook.awaitResolvedOnce(ALERT, healStart, healed, Duration.ofMillis(5 * EVALUATION_MS));
	}

	/** What one request got, and how long it took. */
	private record Timed(int status, long millis) {

	}

	/**
	 * {@value #WAVE} concurrent requests: one passes the gate at once, three wait their
	 * turn (200, 400, 600 ms).
	 */
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

	private static Map<String, Object> properties(int slowPort, String webhookUrl) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("predictive.alerts.webhook-url", webhookUrl);
		properties.put("predictive.alerts.evaluation-interval", EVALUATION_MS + "ms");
		properties.put("predictive.alerts.repeat-interval", "1h");
		String rule = "predictive.alerts.rules.upstream-timeouts.";
		properties.put(rule + "window", ALERT_WINDOW_MS + "ms");
		properties.put(rule + "min-requests", Integer.toString(WAVE));
		properties.put(rule + "for", ALERT_FOR_MS + "ms");
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
