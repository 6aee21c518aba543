package io.github.predictivegateway.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's order through the running gateway, decided by order, not by timing: the
 * engine's clock stands still (a {@link ManualTimeSource}), so the {@code reports} gate
 * (20 units/s, holding 1) makes room only when the test moves the clock. Ten standard
 * requests are seen waiting, then five pre-allocated ones; then the clock moves one gate
 * unit at a time, each move awaited until its one request is admitted. A priority queue
 * admits the five pre-allocated requests first; a first-in-first-out one would admit the
 * standard requests that arrived earlier. (The same route on the real clock, with its
 * rate and time-outs, is {@link CapacityQueueGatewayTests}.)
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"spring.config.additional-location=classpath:capacity-routes.yml",
				"predictive.queue.max-wait.preallocated=60s", "predictive.queue.max-wait.standard=60s" })
@Import(QueuePriorityOrderGatewayTests.FrozenClockAndRecorder.class)
class QueuePriorityOrderGatewayTests {

	private static final WireMockServer UPSTREAM = new WireMockServer(
			options().bindAddress("127.0.0.1").dynamicPort().containerThreads(50));

	/** The tenants of the requests the gate admitted, in the order it admitted them. */
	private static final Queue<String> ADMITTED = new ConcurrentLinkedQueue<>();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		if (!UPSTREAM.isRunning()) {
			UPSTREAM.start();
			UPSTREAM.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("report")));
		}
		registry.add("upstream.url", () -> "http://127.0.0.1:" + UPSTREAM.port());
	}

	@AfterAll
	static void stopUpstream() {
		UPSTREAM.stop();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FrozenClockAndRecorder {

		@Bean
		ManualTimeSource frozenTimeSource() {
			return new ManualTimeSource(Instant.now());
		}

		/**
		 * Notes each request as it leaves the PredictiveRateLimiter: the filter after it
		 * runs when the gate admits the request.
		 */
		@Bean
		GlobalFilter admissionOrderRecorder() {
			return new RecordingFilter();
		}

	}

	private static final class RecordingFilter implements GlobalFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			ADMITTED.add(exchange.getRequest().getHeaders().getFirst("X-Tenant-Id"));
			return chain.filter(exchange);
		}

		/** After the route's own filters, before routing to the upstream. */
		@Override
		public int getOrder() {
			return 20_000;
		}

	}

	@LocalServerPort
	private int port;

	@Autowired
	private AdmissionQueues queues;

	@Autowired
	private ManualTimeSource time;

	@Test
	void preallocatedRequestsArriveLastAndAreAdmittedBeforeEveryStandardOneWaitingAhead() {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		// the gate's one unit goes to the first request; nobody else passes until the
		// clock moves
		assertThat(send(client, "initech", "first").block(Duration.ofSeconds(10))).isEqualTo(200);
		ADMITTED.clear();
		Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
		for (int i = 0; i < 10; i++) {
			send(client, "initech", "s" + i).subscribe(statuses::add);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queues.length() == 10);
		for (int i = 0; i < 5; i++) {
			send(client, "umbrella", "p" + i).subscribe(statuses::add);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queues.length() == 15);
		assertThat(ADMITTED).isEmpty();

		for (int admitted = 1; admitted <= 15; admitted++) {
			// one second refills the gate to its one unit, never more
			this.time.advance(Duration.ofSeconds(1));
			int expected = admitted;
			await().atMost(Duration.ofSeconds(10)).until(() -> ADMITTED.size() == expected);
		}

		assertThat(List.copyOf(ADMITTED)).containsExactly("umbrella", "umbrella", "umbrella", "umbrella", "umbrella",
				"initech", "initech", "initech", "initech", "initech", "initech", "initech", "initech", "initech",
				"initech");
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() == 15);
		assertThat(statuses).containsOnly(200);
	}

	private static Mono<Integer> send(WebClient client, String tenant, String name) {
		return client.get()
			.uri("/reports/" + tenant + "/" + name)
			.header("X-Tenant-Id", tenant)
			.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

}
