package io.github.predictivegateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop with the real sidecar process and compressed time: a step is 5 minutes,
 * time runs 300 times faster (one step per real second, a day in under five real
 * minutes), gateway and sidecar on the same origin.
 *
 * <p>
 * Six days of history are imported for tenant {@code daily-burst}: a base load of 4–9
 * units per step with the same shape every day and, every day at the same time of day, a
 * burst of 41–51 units per step for three steps. The sidecar is retrained, and the
 * gateway pulls its forecasts. At the step where today's burst starts,
 * {@code daily-burst} already holds a reservation (in place before the step begins) and
 * its burst of 40 requests is admitted from it, where its plain token bucket (burst 3,
 * 0.01 units/s) would have admitted about 4; {@code newcomer}, whose burst the sidecar
 * has never seen, is held to its standard bucket.
 *
 * <p>
 * The adjustment multiplier is off here: the history was imported, not offered through
 * this gateway, so while the test waits for the burst the gateway would rightly see
 * demand below the forecast's lower bound and lower the tenant's multiplier (to 0.5
 * within 25 steps). Its rule has exact tests of its own.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.config.additional-location=classpath:extra-routes.yml" })
@Timeout(150)
class PredictiveLoopEndToEndTests {

	private static final Duration STEP = Duration.ofMinutes(5);

	private static final double SCALE = 150;

	private static final int STEPS_PER_DAY = 288;

	/**
	 * Steps (two real seconds each) between importing the history and today's burst: time
	 * to train and pull.
	 */
	private static final int MARGIN_STEPS = 6;

	private static final int BURST_REQUESTS = 40;

	private static final Instant ORIGIN = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private static final WireMockServer UPSTREAM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static SidecarProcess sidecar;

	private static final Map<String, Object> figures = new LinkedHashMap<>();

	@DynamicPropertySource
	static void startSidecarAndUpstream(DynamicPropertyRegistry registry) throws Exception {
		if (sidecar == null) {
			UPSTREAM.start();
			UPSTREAM.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("orders")));
			long started = System.nanoTime();
			sidecar = SidecarProcess.start(STEP, SCALE, ORIGIN, Duration.ofSeconds(60));
			figures.put("sidecar start (real s)", seconds(started));
		}
		registry.add("upstream.url", () -> "http://127.0.0.1:" + UPSTREAM.port());
		registry.add("predictive.forecast.sidecar-url", () -> sidecar.url().toString());
		registry.add("predictive.step", () -> "300s");
		registry.add("predictive.time-scale", () -> Double.toString(SCALE));
		registry.add("predictive.time-origin", ORIGIN::toString);
		registry.add("predictive.forecast.refresh-interval", () -> "300ms");
		registry.add("predictive.forecast.staleness", () -> "30m");
		registry.add("predictive.preallocation-lead", () -> "60s");
		// what is checked here is the reservation the loop makes before the step; within
		// the
		// step, top-ups would lift the newcomer from idle capacity once a window (5 s of
		// engine time, a few real milliseconds here) has passed: InStepAdjustmentTests
		registry.add("predictive.in-step-window", () -> "0s");
		// 50 units/s: the capacity gate (on, as by default) lets a 40-request burst
		// through within its max-wait
		registry.add("predictive.capacity.db", () -> "50");
		registry.add("predictive.plans.free.db.rate", () -> "0.01");
		registry.add("predictive.plans.free.db.burst", () -> "3");
		registry.add("predictive.usage.instance-id", () -> "gw-e2e");
		registry.add("predictive.adjustment.enabled", () -> "false");
	}

	@AfterAll
	static void stop() {
		if (sidecar != null) {
			sidecar.close();
		}
		UPSTREAM.stop();
	}

	private static double seconds(long since) {
		return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
	}

	/**
	 * Six days before {@code now} up to the step before the burst: base load 4–9 units,
	 * and three steps of 41–51 at the burst's time of day on every earlier day (today's
	 * burst is still to come).
	 */
	private static String history(long now, long burst) {
		StringBuilder csv = new StringBuilder("timestamp,value\n");
		for (long step = now - 6L * STEPS_PER_DAY; step < burst; step++) {
			long sinceBurst = Math.floorMod(step - burst, (long) STEPS_PER_DAY);
			long noise = Math.floorMod(Math.floorMod(step, (long) STEPS_PER_DAY) * 7919, 5L);
			long day = Math.floorDiv(step, (long) STEPS_PER_DAY);
			double value = (sinceBurst < 3 && step < now) ? 41 + 2 * noise + Math.floorMod(day, 3L)
					: 4 + noise + Math.floorMod(day, 2L);
			csv.append(Instant.ofEpochSecond(step * STEP.getSeconds())).append(',').append(value).append('\n');
		}
		return csv.toString();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private TimeSource time;

	@Autowired
	private Steps steps;

	@Autowired
	private ShadowBucketTable table;

	@Autowired
	private ResourceTypes resources;

	private void awaitVirtual(long epochNanos, Duration realTimeout) throws InterruptedException {
		long deadline = System.nanoTime() + realTimeout.toNanos();
		while (this.time.epochNanos() < epochNanos) {
			assertThat(System.nanoTime()).as("waiting for compressed time to reach the burst").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private long granted(String tenant, long stepStartNanos) {
		StepGrants grants = this.table.grantsAt(stepStartNanos);
		ShadowBucket bucket = (grants != null) ? grants.shadowBucket(tenant, this.resources.get("db")) : null;
		return (bucket != null) ? bucket.granted() : 0;
	}

	/**
	 * Fires the tenant's burst at once (well inside one step, which lasts one real
	 * second).
	 */
	private Map<String, Integer> burst(String tenant) {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		List<String> answers = Flux.range(0, BURST_REQUESTS)
			.flatMap(
					i -> client.get()
						.uri("/orders/" + i)
						.header("X-Tenant-Id", tenant)
						.exchangeToMono(response -> response.releaseBody()
							.thenReturn(response.statusCode().value() + " "
									+ response.headers().asHttpHeaders().getFirst("X-Predictive-Decision"))),
					BURST_REQUESTS)
			.collectList()
			.block(Duration.ofSeconds(10));
		Map<String, Integer> decisions = new TreeMap<>();
		answers.forEach(answer -> decisions.merge(answer, 1, Integer::sum));
		return decisions;
	}

	@Test
	void aDailyBurstIsAdmittedFromAReservationMadeBeforeItAndANewBurstIsHeldToItsBucket() throws Exception {
		// imported before this gateway publishes any usage: the sidecar refuses records
		// older than its dedupe window
		// (2 h) behind the newest step it holds, imported ones included
		long now = this.steps.indexOf(this.time.epochNanos());
		long burstStep = now + MARGIN_STEPS;
		long imported = System.nanoTime();
		assertThat(sidecar.importHistory("daily-burst", "db", history(now, burstStep)).statusCode()).isEqualTo(202);
		figures.put("import (real s)", seconds(imported));
		long trained = System.nanoTime();
		var retrain = sidecar.retrain();
		assertThat(retrain.statusCode()).isEqualTo(200);
		figures.put("retrain (real s)", seconds(trained));
		figures.put("retrain outcome", retrain.body());
		figures.put("warm-up burst of another tenant (connections, JIT)", burst("warm-up"));
		long burstStart = this.steps.startNanos(burstStep);
		assertThat(this.time.epochNanos()).as("still before the burst step after training")
			.isLessThan(burstStart - Duration.ofSeconds(60).toNanos());
		awaitVirtual(burstStart - Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(30));
		long reservedAhead = granted("daily-burst", burstStart);
		long newcomerAhead = granted("newcomer", burstStart);
		figures.put("forecast for the burst step", forecastFor("daily-burst", this.steps.start(burstStep)));
		figures.put("burst step", this.steps.start(burstStep));

		awaitVirtual(burstStart + Duration.ofSeconds(15).toNanos(), Duration.ofSeconds(5));
		Map<String, Integer> daily = burst("daily-burst");
		Map<String, Integer> newcomer = burst("newcomer");
		figures.put("virtual seconds into the burst step when both bursts were answered",
				(this.time.epochNanos() - burstStart) / 1_000_000_000L);
		figures.put("grant in place 30 virtual s before the burst step: daily-burst", reservedAhead);
		figures.put("grant in place 30 virtual s before the burst step: newcomer", newcomerAhead);
		figures.put("decisions daily-burst", daily);
		figures.put("decisions newcomer", newcomer);
		figures.forEach((name, value) -> System.out.println("E2E " + name + ": " + value));

		assertThat(reservedAhead).isGreaterThanOrEqualTo(30);
		assertThat(newcomerAhead).isZero();
		assertThat(daily.getOrDefault("200 preallocated", 0)).isGreaterThanOrEqualTo(30);
		assertThat(daily.getOrDefault("429 throttled", 0)).isLessThanOrEqualTo(BURST_REQUESTS - 30 - 3);
		assertThat(newcomer.getOrDefault("200 preallocated", 0)).isZero();
		assertThat(newcomer.getOrDefault("200 standard", 0)).isBetween(3, 5);
		assertThat(newcomer.getOrDefault("429 throttled", 0)).isGreaterThanOrEqualTo(BURST_REQUESTS - 5);
	}

	private static String forecastFor(String tenant, Instant stepStart) throws Exception {
		String body = sidecar.get("/v1/forecasts").body();
		int series = body.indexOf("\"tenant\":\"" + tenant + "\"");
		if (series < 0) {
			return "no series for " + tenant;
		}
		int point = body.indexOf("\"start\":\"" + stepStart + "\"", series);
		return (point < 0) ? "no point for " + stepStart
				: body.substring(point, Math.min(body.length(), body.indexOf('}', point) + 1));
	}

}
