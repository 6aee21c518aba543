package io.github.predictivegateway.filter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code Retry-After} of a 503 from the capacity gate's queue, on the wire, with time
 * frozen: the {@code tiny} gate lets 1 unit/s through and holds 1, and at most 2 requests
 * wait. With the gate empty and two 1-unit requests waiting, the next one finds the queue
 * full and is told {@code max(1, ⌈2 queued units / 1 unit/s⌉) = 2} seconds. The order of
 * events, not their timing, sets every figure: the two waiters are seen in the queue
 * before the third is sent, and only moving the engine's clock lets them through.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.queue.max-length=2",
				"predictive.queue.max-wait.standard=10s" })
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class QueueFullRetryAfterGatewayTests {

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private AdmissionQueues queues;

	@Autowired
	private ManualTimeSource time;

	@LocalServerPort
	private int port;

	@Test
	void aRequestFindingTheQueueFullIsToldTheSecondsTheQueuedUnitsTakeAtCapacity() {
		this.client.get()
			.uri("/tiny/1")
			.header("X-Tenant-Id", "weyland")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(PredictiveHeaders.QUEUED_MS);
		WebClient waiting = WebClient.create("http://127.0.0.1:" + this.port);
		List<Integer> waiters = new CopyOnWriteArrayList<>();
		for (int i = 2; i <= 3; i++) {
			waiting.get()
				.uri("/tiny/" + i)
				.header("X-Tenant-Id", "weyland")
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
				.subscribe(waiters::add);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queues.length() == 2);

		this.client.get()
			.uri("/tiny/4")
			.header("X-Tenant-Id", "weyland")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals("Retry-After", "2")
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "queue-full")
			.expectBody()
			.jsonPath("$.retryAfter")
			.isEqualTo(2)
			.jsonPath("$.detail")
			.isEqualTo("The backend of 'tiny' is at capacity and its admission queue is full; retry in 2 s.");

		// the gate makes room for one unit per engine second: each waiter passes once the
		// clock moves
		assertThat(waiters).isEmpty();
		this.time.advance(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() == 1);
		this.time.advance(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() == 2);
		assertThat(waiters).containsExactly(200, 200);
	}

}
