package io.github.predictivegateway.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
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
 * The capacity gate and its queue through the running gateway, on the real clock: a
 * backend of 20 requests/s, 100 standard requests at once, then, while most of them wait,
 * 20 pre-allocated ones. Real time on a shared machine: the assertions are on counts and
 * bounds with slack, never on exact milliseconds; the order of admission is
 * {@link QueuePriorityOrderGatewayTests}', by order alone. Admission times and order are
 * taken where the gate admits (a global filter right after the route's filters), not at
 * the upstream, whose arrival times carry loopback jitter.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.config.additional-location=classpath:capacity-routes.yml" })
@Import(CapacityQueueGatewayTests.AdmissionRecorder.class)
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

	/**
	 * Notes when each request leaves the PredictiveRateLimiter: the filter after it runs
	 * on the same thread, right when the gate admits the request, so these are the gate's
	 * admission times, free of the loopback jitter that the upstream's arrival times
	 * carry.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class AdmissionRecorder {

		static final Queue<Admission> ADMISSIONS = new ConcurrentLinkedQueue<>();

		@Bean
		GlobalFilter admissionRecorder() {
			return new RecordingFilter();
		}

	}

	private record Admission(String tenant, long nanos) {
	}

	private static final class RecordingFilter implements GlobalFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			AdmissionRecorder.ADMISSIONS
				.add(new Admission(exchange.getRequest().getHeaders().getFirst("X-Tenant-Id"), System.nanoTime()));
			return chain.filter(exchange);
		}

		/**
		 * After the route's own filters (ordered 1, 2, ...), before routing to the
		 * upstream.
		 */
		@Override
		public int getOrder() {
			return 20_000;
		}

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
			// warm the route up (connections, JIT), so that cold-start delays do not
			// bunch the measured arrivals
			fire(client, "warm-up", 5).then().block(Duration.ofSeconds(10));
			UPSTREAM.resetRequests();
			AdmissionRecorder.ADMISSIONS.clear();
			Map<String, Double> decisionsBefore = decisionsByClass();
			List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
			Mono<Void> standard = fire(client, "initech", 100).doOnNext(answers::add).then().cache();
			standard.subscribe();
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> queueLength() >= 50);
			fire(client, "umbrella", 20).doOnNext(answers::add).then(standard).block(Duration.ofSeconds(30));

			report(answers);
			assertAllAnsweredOnTime(answers);
			assertPreallocatedWentFirst(answers);
			assertRateStaysAtCapacity(answers);
			assertDecisionsCountedAsAnswered(answers, decisionsBefore);
		}
		finally {
			connections.dispose();
		}
	}

	@Test
	void clientsThatGiveUpLeaveTheQueueAtOnce() {
		ConnectionProvider connections = ConnectionProvider.builder("impatient")
			.maxConnections(100)
			.pendingAcquireMaxCount(-1)
			.build();
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
		try {
			double cancelledBefore = cancelledWaits();
			// 40 requests at once against 20/s: most wait; each client hangs up after 300
			// ms, long before the 2 s
			// its class may wait
			long start = System.nanoTime();
			List<Integer> statuses = Flux.range(0, 40)
				.flatMap(i -> client.get()
					.uri("/reports/impatient/" + i)
					.header("X-Tenant-Id", "impatient")
					.retrieve()
					.toBodilessEntity()
					.map(response -> response.getStatusCode().value())
					.timeout(Duration.ofMillis(300), Mono.just(0)), 40)
				.collectList()
				.block(Duration.ofSeconds(10));

			await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> queueLength() == 0);
			long emptiedAfterMs = (System.nanoTime() - start) / 1_000_000;
			long gaveUp = statuses.stream().filter(status -> status == 0).count();
			System.out.printf("impatient: %d of 40 gave up, queue empty %d ms after the first request, %.0f waits "
					+ "counted as cancelled%n", gaveUp, emptiedAfterMs, cancelledWaits() - cancelledBefore);
			// about 1 + 20/s × 0.3 s are admitted before their clients hang up; the
			// others left the queue when
			// their client went, not at their 2 s maximum wait
			assertThat(gaveUp).isGreaterThanOrEqualTo(20);
			assertThat(cancelledWaits() - cancelledBefore).isGreaterThanOrEqualTo(20);
			assertThat(emptiedAfterMs).isLessThan(STANDARD_MAX_WAIT_MS);
		}
		finally {
			connections.dispose();
		}
	}

	private double cancelledWaits() {
		return this.meters.get(PredictiveMetricNames.QUEUE_WAIT)
			.tags(PredictiveMetricNames.RESOURCE, "reports", PredictiveMetricNames.CLASS, "standard",
					PredictiveMetricNames.OUTCOME, "cancelled")
			.timer()
			.count();
	}

	/** predictive.decisions of the (unlisted) tenants on 'reports', by class. */
	private Map<String, Double> decisionsByClass() {
		return this.meters.find(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.RESOURCE, "reports", PredictiveMetricNames.TENANT, "other")
			.counters()
			.stream()
			.collect(Collectors.toMap(c -> c.getId().getTag(PredictiveMetricNames.CLASS), c -> c.count()));
	}

	/**
	 * Every answer counted once in predictive.decisions, under its final class:
	 * {@code queued} for an admitted request that waited (whatever its tenant-stage
	 * class), {@code timed-out} for a 503.
	 */
	private void assertDecisionsCountedAsAnswered(List<Answer> answers, Map<String, Double> before) {
		Map<String, Long> expected = answers.stream()
			.collect(Collectors.groupingBy(a -> (a.ok() && a.queuedMs() != null) ? "queued" : a.decision(),
					Collectors.counting()));
		Map<String, Double> after = decisionsByClass();
		System.out.println("answers by final class: " + expected);
		after.forEach((decisionClass, count) -> assertThat(count - before.get(decisionClass)).as(decisionClass)
			.isEqualTo(expected.getOrDefault(decisionClass, 0L).doubleValue()));
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
			.allSatisfy(a -> assertThat(a.queuedMs())
				.isLessThanOrEqualTo(a.tenant().equals("umbrella") ? 3000 : STANDARD_MAX_WAIT_MS));
	}

	private void assertPreallocatedWentFirst(List<Answer> answers) {
		List<Answer> preallocated = answers.stream().filter(a -> a.tenant().equals("umbrella")).toList();
		assertThat(preallocated).hasSize(20).allSatisfy(a -> {
			assertThat(a.status()).isEqualTo(200);
			assertThat(a.decision()).isEqualTo("preallocated");
		});
		// 20 units at 20 units/s take one second; standard requests wait up to their full
		// two seconds
		long slowestPreallocated = preallocated.stream().mapToLong(a -> orZero(a.queuedMs())).max().orElseThrow();
		assertThat(slowestPreallocated).isLessThan(1000 + SLACK_MS);
		// the order itself (pre-allocated before every standard request waiting ahead,
		// which a first-in-first-out queue would not give) is
		// QueuePriorityOrderGatewayTests',
		// on a clock that moves only when told
	}

	private void assertRateStaysAtCapacity(List<Answer> answers) {
		long admitted = answers.stream().filter(Answer::ok).count();
		assertThat(UPSTREAM.getAllServeEvents()).hasSize((int) admitted);
		List<Admission> admissions = List.copyOf(AdmissionRecorder.ADMISSIONS);
		assertThat(admissions).hasSize((int) admitted);
		long start = admissions.get(0).nanos();
		List<Long> millis = admissions.stream().map(a -> (a.nanos() - start) / 1_000_000).sorted().toList();
		System.out.println("admissions at the gate (ms, S standard, P pre-allocated): " + admissions.stream()
			.map(a -> (a.tenant().equals("umbrella") ? "P" : "S") + (a.nanos() - start) / 1_000_000)
			.collect(Collectors.joining(" ")));
		int busiestSecond = 0;
		for (int i = 0, j = 0; i < millis.size(); i++) {
			while (millis.get(i) - millis.get(j) >= 1000) {
				j++;
			}
			busiestSecond = Math.max(busiestSecond, i - j + 1);
		}
		double spanSeconds = millis.get(millis.size() - 1) / 1000.0;
		double rate = (millis.size() - 1) / spanSeconds;
		System.out.printf("admitted %d in %.2f s: %.1f/s; busiest second %d%n", millis.size(), spanSeconds, rate,
				busiestSecond);
		// the gate holds one unit: at most 1 + capacity × 1 s in any second
		assertThat(busiestSecond).isLessThanOrEqualTo((int) CAPACITY + 1);
		assertThat(rate).isLessThanOrEqualTo(CAPACITY * 1.05);
		// every queued request was ready, so the gate was never idle for long
		assertThat(rate).isGreaterThan(CAPACITY * 0.6);
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
