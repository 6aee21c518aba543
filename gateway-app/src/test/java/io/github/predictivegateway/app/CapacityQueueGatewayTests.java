package io.github.predictivegateway.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The capacity gate and its queue through the running gateway, on the real clock: a backend of 20 requests/s,
 * 100 standard requests at once, then, while most of them wait, 20 pre-allocated ones. Real time on a shared
 * machine: the assertions are on order, counts and bounds with slack, never on exact milliseconds.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.config.additional-location=classpath:capacity-routes.yml" })
class CapacityQueueGatewayTests {

	private static final double CAPACITY = 20;

	private static final long STANDARD_MAX_WAIT_MS = 2000;

	/** Scheduling and loopback noise on a busy two-core machine. */
	private static final long SLACK_MS = 1500;

	private static final WireMockServer UPSTREAM = new WireMockServer(
			options().bindAddress("127.0.0.1").dynamicPort().containerThreads(50));

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

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private record Answer(String tenant, int status, String decision, Long queuedMs, String retryAfter,
			long elapsedMs) {

		boolean ok() {
			return this.status == 200;
		}

	}

	private Flux<Answer> fire(WebClient client, String tenant, int requests) {
		return Flux.range(0, requests).flatMap(i -> Mono.defer(() -> {
			long start = System.nanoTime();
			return client.get()
				.uri("/reports/" + tenant + "/" + i)
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody().then(Mono.fromSupplier(() -> {
					var headers = response.headers().asHttpHeaders();
					String queued = headers.getFirst("X-Predictive-Queued-Ms");
					return new Answer(tenant, response.statusCode().value(), headers.getFirst("X-Predictive-Decision"),
							(queued != null) ? Long.valueOf(queued) : null, headers.getFirst("Retry-After"),
							(System.nanoTime() - start) / 1_000_000);
				})));
		}), requests);
	}

	private double queueLength() {
		return this.meters.get(PredictiveMetricNames.QUEUE_LENGTH)
			.tag(PredictiveMetricNames.RESOURCE, "reports")
			.gauge()
			.value();
	}

	@Test
	void preallocatedRequestsGoFirstTheRateStaysAtCapacityAndLateOnesAreAnswered503InTime() {
		ConnectionProvider connections = ConnectionProvider.builder("capacity-test")
			.maxConnections(200)
			.pendingAcquireMaxCount(-1)
			.build();
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
		try {
			// warm the route up (connections, JIT), so that cold-start delays do not bunch the measured arrivals
			fire(client, "warm-up", 5).then().block(Duration.ofSeconds(10));
			UPSTREAM.resetRequests();
			List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
			Mono<Void> standard = fire(client, "initech", 100).doOnNext(answers::add).then().cache();
			standard.subscribe();
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> queueLength() >= 50);
			fire(client, "umbrella", 20).doOnNext(answers::add).then(standard).block(Duration.ofSeconds(30));

			report(answers);
			assertAllAnsweredOnTime(answers);
			assertPreallocatedWentFirst(answers);
			assertRateStaysAtCapacity(answers);
		}
		finally {
			connections.dispose();
		}
	}

	private void assertAllAnsweredOnTime(List<Answer> answers) {
		assertThat(answers).hasSize(120).allSatisfy(a -> assertThat(a.status()).isIn(200, 503));
		assertThat(answers).filteredOn(a -> a.status() == 503).isNotEmpty().allSatisfy(a -> {
			assertThat(a.tenant()).isEqualTo("initech");
			assertThat(a.decision()).isEqualTo("timed-out");
			assertThat(a.retryAfter()).isNotNull();
			assertThat(Long.parseLong(a.retryAfter())).isPositive();
			assertThat(a.queuedMs()).isBetween(STANDARD_MAX_WAIT_MS, STANDARD_MAX_WAIT_MS + SLACK_MS);
			assertThat(a.elapsedMs()).isBetween(STANDARD_MAX_WAIT_MS, STANDARD_MAX_WAIT_MS + SLACK_MS);
		});
		assertThat(answers).filteredOn(Answer::ok)
			.filteredOn(a -> a.queuedMs() != null)
			.allSatisfy(a -> assertThat(a.queuedMs()).isLessThanOrEqualTo(
					a.tenant().equals("umbrella") ? 3000 : STANDARD_MAX_WAIT_MS));
	}

	private void assertPreallocatedWentFirst(List<Answer> answers) {
		List<Answer> preallocated = answers.stream().filter(a -> a.tenant().equals("umbrella")).toList();
		assertThat(preallocated).hasSize(20).allSatisfy(a -> {
			assertThat(a.status()).isEqualTo(200);
			assertThat(a.decision()).isEqualTo("preallocated");
		});
		// 20 units at 20 units/s take one second; standard requests wait up to their full two seconds
		long slowestPreallocated = preallocated.stream().mapToLong(a -> orZero(a.queuedMs())).max().orElseThrow();
		assertThat(slowestPreallocated).isLessThan(1000 + SLACK_MS);
		// at the upstream, once the first pre-allocated request arrives, standard ones pass only in the gaps
		// between pre-allocated arrivals (when that lane is momentarily empty)
		List<String> order = upstreamTenantsInArrivalOrder();
		int first = order.indexOf("umbrella");
		int last = order.lastIndexOf("umbrella");
		long standardInBetween = order.subList(first, last + 1).stream().filter("initech"::equals).count();
		System.out.printf("upstream order: first pre-allocated at #%d, last at #%d, standard in between: %d%n", first,
				last, standardInBetween);
		assertThat(standardInBetween).isLessThanOrEqualTo(4);
	}

	private void assertRateStaysAtCapacity(List<Answer> answers) {
		List<Long> arrivals = UPSTREAM.getAllServeEvents()
			.stream()
			.map(e -> e.getRequest().getLoggedDate().getTime())
			.sorted()
			.toList();
		assertThat(arrivals).hasSize((int) answers.stream().filter(Answer::ok).count());
		int busiestSecond = 0;
		for (int i = 0, j = 0; i < arrivals.size(); i++) {
			while (arrivals.get(i) - arrivals.get(j) >= 1000) {
				j++;
			}
			busiestSecond = Math.max(busiestSecond, i - j + 1);
		}
		double spanSeconds = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1000.0;
		double rate = (arrivals.size() - 1) / spanSeconds;
		System.out.printf("admitted %d in %.2f s: %.1f/s; busiest second %d%n", arrivals.size(), spanSeconds, rate,
				busiestSecond);
		// the gate holds one unit: at most capacity × (1 s + 50 ms) in any second, plus loopback bunching
		assertThat(busiestSecond).isLessThanOrEqualTo((int) CAPACITY + 3);
		assertThat(rate).isLessThanOrEqualTo(CAPACITY * 1.1);
		// every queued request was ready, so the gate was never idle for long
		assertThat(rate).isGreaterThan(CAPACITY * 0.6);
	}

	private List<String> upstreamTenantsInArrivalOrder() {
		List<ServeEvent> events = new ArrayList<>(UPSTREAM.getAllServeEvents());
		events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
		long start = events.get(0).getRequest().getLoggedDate().getTime();
		System.out.println("upstream arrivals (ms, S standard, P pre-allocated): " + events.stream()
			.map(e -> (e.getRequest().getHeader("X-Tenant-Id").equals("umbrella") ? "P" : "S")
					+ (e.getRequest().getLoggedDate().getTime() - start))
			.collect(Collectors.joining(" ")));
		return events.stream().map(e -> e.getRequest().getHeader("X-Tenant-Id")).toList();
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

	private static void report(List<Answer> answers) {
		Map<String, List<Answer>> byTenant = answers.stream().collect(Collectors.groupingBy(Answer::tenant));
		byTenant.forEach((tenant, list) -> {
			Map<Integer, Long> statuses = list.stream()
				.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
			var waits = list.stream().filter(Answer::ok).mapToLong(a -> orZero(a.queuedMs())).summaryStatistics();
			var refused = list.stream().filter(a -> !a.ok()).mapToLong(Answer::elapsedMs).summaryStatistics();
			System.out.printf("%s: %s; admitted waits (ms) min %d avg %.0f max %d; 503 after (ms) min %d max %d%n",
					tenant, statuses, waits.getMin(), waits.getAverage(), waits.getMax(),
					refused.getCount() > 0 ? refused.getMin() : 0, refused.getCount() > 0 ? refused.getMax() : 0);
		});
	}

}
