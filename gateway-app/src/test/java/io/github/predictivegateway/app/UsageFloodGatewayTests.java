package io.github.predictivegateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.UsagePublisher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage reporting survives a flood of made-up tenant ids, with the real sidecar process:
 * 20,000 distinct 128-character tenant ids, one request each, go through the demo route
 * while three legitimate tenants send 50 requests each in every step, and each legitimate
 * tenant's usage of every step is in the sidecar's history within two steps of that
 * step's end.
 *
 * <p>
 * The sidecar is started with limits below what the gateway's batches need, so that the
 * flood's batches are refused as too large, both ways: a body limit of 256 KiB (Spring's
 * default, which 1,000 records of 128-character ids exceed) and at most 100 records per
 * batch. The gateway splits its batches in halves (1,000 → 500 → 250 → 125 → 62 records
 * when its first batch is full) and drops nothing. Compressed time: 60 s steps, 6 times
 * faster (10 real seconds per step).
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "predictive.capacity.requests=1000000" })
@Timeout(900)
class UsageFloodGatewayTests {

	private static final Duration STEP = Duration.ofMinutes(1);

	private static final double SCALE = 6;

	private static final Instant ORIGIN = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private static final int FLOOD = 20_000;

	private static final List<String> LEGITIMATE = List.of("legit-a", "legit-b", "legit-c");

	/** Steps after a step's end by which its usage must be in the sidecar's history. */
	private static final int WITHIN_STEPS = 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static SidecarProcess sidecar;

	@DynamicPropertySource
	static void startSidecar(DynamicPropertyRegistry registry) throws Exception {
		if (sidecar == null) {
			sidecar = SidecarProcess.start(STEP, SCALE, ORIGIN, Duration.ofSeconds(90),
					List.of("--sidecar.max-batch-records=100", "--spring.http.codecs.max-in-memory-size=256KB"));
		}
		registry.add("predictive.forecast.sidecar-url", () -> sidecar.url().toString());
		registry.add("predictive.step", () -> STEP.getSeconds() + "s");
		registry.add("predictive.time-scale", () -> Double.toString(SCALE));
		registry.add("predictive.time-origin", ORIGIN::toString);
		registry.add("predictive.usage.instance-id", () -> "gw-flood");
	}

	@AfterAll
	static void stop() {
		if (sidecar != null) {
			sidecar.close();
		}
	}

	@LocalServerPort
	private int port;

	@Autowired
	private TimeSource time;

	@Autowired
	private Steps steps;

	@Autowired
	private UsagePublisher publisher;

	static String floodId(int i) {
		return "flood-%0122d".formatted(i);
	}

	private long step() {
		return this.steps.indexOf(this.time.epochNanos());
	}

	/** Waits for engine time to reach {@code share} of the way into step {@code step}. */
	private void awaitStep(long step, double share) throws InterruptedException {
		long at = this.steps.startNanos(step) + (long) (share * STEP.toNanos());
		while (this.time.epochNanos() < at) {
			Thread.sleep(5);
		}
	}

	private static long send(WebClient gateway, List<String> tenants, int concurrency) {
		return Flux.fromIterable(tenants)
			.flatMap(
					tenant -> gateway.get()
						.uri("/demo/usage")
						.header("X-Tenant-Id", tenant)
						.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
					concurrency)
			.count()
			.block(Duration.ofSeconds(600));
	}

	/** Requests attempted per step start, as the sidecar's history holds them. */
	private static Map<Instant, Long> history(String tenant) throws Exception {
		String body = sidecar.get("/v1/history?tenant=" + tenant + "&resource=requests&steps=1000").body();
		Map<Instant, Long> attempted = new TreeMap<>();
		if (body.isBlank()) {
			return attempted;
		}
		JsonNode steps = JSON.readTree(body).path("steps");
		for (JsonNode step : steps) {
			attempted.put(Instant.parse(step.path("start").asString()), step.path("attempted").asLong());
		}
		return attempted;
	}

	/**
	 * Sends one tenant's requests one after the other until {@code until} is done, and
	 * counts them by the step they were decided in: a request whose step is the same
	 * before it is sent and once it is answered is certainly in that step; one that
	 * crossed a step boundary is counted as uncertain in both.
	 */
	/**
	 * Sends until the flood is answered and, however fast that was, until step
	 * {@code atLeastUntil} has begun: the legitimate usage spans several steps on any
	 * machine.
	 */
	private void legitimate(WebClient gateway, String tenant, CompletableFuture<?> until, long atLeastUntil,
			Counts counts) {
		while (!until.isDone() || step() < atLeastUntil) {
			long before = step();
			int status = gateway.get()
				.uri("/demo/usage")
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
				.block(Duration.ofSeconds(60));
			long after = step();
			assertThat(status).isIn(200, 429, 503);
			counts.add(tenant, before, after);
		}
	}

	/** Requests per tenant and step: certain, and uncertain (they crossed a boundary). */
	static final class Counts {

		final Map<String, Map<Long, Long>> certain = new java.util.concurrent.ConcurrentHashMap<>();

		final Map<String, Map<Long, Long>> uncertain = new java.util.concurrent.ConcurrentHashMap<>();

		final Map<String, Long> uncertainRequests = new java.util.concurrent.ConcurrentHashMap<>();

		void add(String tenant, long before, long after) {
			if (before == after) {
				this.certain.computeIfAbsent(tenant, t -> new java.util.concurrent.ConcurrentHashMap<>())
					.merge(before, 1L, Long::sum);
				return;
			}
			this.uncertainRequests.merge(tenant, 1L, Long::sum);
			for (long step = before; step <= after; step++) {
				this.uncertain.computeIfAbsent(tenant, t -> new java.util.concurrent.ConcurrentHashMap<>())
					.merge(step, 1L, Long::sum);
			}
		}

		long certain(String tenant, long step) {
			return this.certain.getOrDefault(tenant, Map.of()).getOrDefault(step, 0L);
		}

		long uncertain(String tenant, long step) {
			return this.uncertain.getOrDefault(tenant, Map.of()).getOrDefault(step, 0L);
		}

		java.util.Set<Long> steps() {
			java.util.Set<Long> steps = new java.util.TreeSet<>();
			this.certain.values().forEach(m -> steps.addAll(m.keySet()));
			this.uncertain.values().forEach(m -> steps.addAll(m.keySet()));
			return steps;
		}

		long total(String tenant) {
			return this.certain.getOrDefault(tenant, Map.of()).values().stream().mapToLong(Long::longValue).sum();
		}

	}

	@Test
	void everyLegitimateTenantsUsageIsRecordedWithinTwoStepsThroughAFloodOfLongIds() throws Exception {
		ConnectionProvider connections = ConnectionProvider.builder("usage-flood").maxConnections(48).build();
		WebClient gateway = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
		try {
			List<String> flood = new ArrayList<>(FLOOD);
			for (int i = 0; i < FLOOD; i++) {
				flood.add(floodId(i));
			}
			assertThat(flood.get(0)).hasSize(128);
			long start = step() + 1;
			awaitStep(start, 0);
			long floodStarted = System.nanoTime();
			CompletableFuture<Long> flooding = CompletableFuture.supplyAsync(() -> send(gateway, flood, 16));
			Counts counts = new Counts();
			List<CompletableFuture<Void>> legitimate = new ArrayList<>();
			for (String tenant : LEGITIMATE) {
				legitimate
					.add(CompletableFuture.runAsync(() -> legitimate(gateway, tenant, flooding, start + 2, counts)));
			}

			CompletableFuture<Void> legitimateDone = CompletableFuture
				.allOf(legitimate.toArray(CompletableFuture[]::new));
			// step -> steps after its start at which its usage was in the history
			Map<Long, Long> recordedAfter = new TreeMap<>();
			for (long step = start + 1;; step++) {
				awaitStep(step, 0);
				check(counts, recordedAfter, step);
				if (legitimateDone.isDone() && recordedAfter.keySet().containsAll(counts.steps())) {
					break;
				}
				assertThat(step - start).as("steps run").isLessThan(100);
			}
			legitimateDone.get();
			long floodAnswered = flooding.get();
			Map<String, Long> sent = new TreeMap<>();
			Map<String, Long> recorded = new TreeMap<>();
			for (String tenant : LEGITIMATE) {
				sent.put(tenant, counts.total(tenant));
				recorded.put(tenant, history(tenant).values().stream().mapToLong(Long::longValue).sum());
			}
			System.out.printf(
					"usage flood: %d ids of 128 characters answered in %.1f s; legitimate requests decided within "
							+ "one step %s (and %s crossing a step boundary), in the sidecar's history %s; "
							+ "steps after their start at which each step's usage was recorded: %s; "
							+ "published %d, rejected %d, dropped %d, buffered %d, batches now at most %d records%n",
					floodAnswered, (System.nanoTime() - floodStarted) / 1e9, sent, counts.uncertainRequests, recorded,
					recordedAfter, this.publisher.published(), this.publisher.rejected(), this.publisher.dropped(),
					this.publisher.buffered(), this.publisher.batchLimit());

			assertThat(floodAnswered).isEqualTo(FLOOD);
			assertThat(recordedAfter).hasSizeGreaterThanOrEqualTo(2)
				.allSatisfy((step, after) -> assertThat(after).isLessThanOrEqualTo(WITHIN_STEPS + 1L));
			for (String tenant : LEGITIMATE) {
				assertThat(recorded.get(tenant)).as(tenant)
					.isEqualTo(counts.total(tenant) + counts.uncertainRequests.getOrDefault(tenant, 0L));
			}
			assertThat(this.publisher.rejected()).isZero();
			assertThat(this.publisher.dropped()).isZero();
			// split on 413 (how often depends on how many records the first steps closed
			// with): now within the sidecar's record limit
			assertThat(this.publisher.batchLimit()).isLessThanOrEqualTo(100);
			for (int i : new int[] { 0, FLOOD / 2, FLOOD - 1 }) {
				assertThat(history(floodId(i)).values().stream().mapToLong(Long::longValue).sum())
					.as("the flood's tenant %d", i)
					.isEqualTo(1);
			}
		}
		finally {
			connections.dispose();
		}
	}

	/**
	 * At the start of step {@code now}: each earlier step whose legitimate usage was not
	 * yet seen is looked up in the sidecar's history. It is recorded when every
	 * legitimate tenant's attempted requests there are at least those certainly decided
	 * in that step and at most those plus the uncertain ones (which crossed a step
	 * boundary); then it is noted as recorded {@code now − step} steps after its start.
	 * Not recorded two steps after its end ({@code now − step > 2}), the test fails.
	 */
	private void check(Counts counts, Map<Long, Long> recordedAfter, long now) throws Exception {
		Map<String, Map<Instant, Long>> histories = new LinkedHashMap<>();
		for (String tenant : LEGITIMATE) {
			histories.put(tenant, history(tenant));
		}
		for (long step : counts.steps()) {
			if (recordedAfter.containsKey(step) || step >= now - 1) {
				continue;
			}
			Instant stepStart = Instant.ofEpochSecond(step * STEP.getSeconds());
			boolean recorded = true;
			for (String tenant : LEGITIMATE) {
				long attempted = histories.get(tenant).getOrDefault(stepStart, 0L);
				long certain = counts.certain(tenant, step);
				recorded &= attempted >= certain && attempted <= certain + counts.uncertain(tenant, step);
			}
			if (recorded) {
				recordedAfter.put(step, now - step);
			}
			else {
				assertThat(now - step).as("steps after step %d began, its usage not yet recorded: %s", step, histories)
					.isLessThanOrEqualTo(WITHIN_STEPS);
			}
		}
	}

}
