package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.alert.AlertCycle;
import io.github.predictivegateway.alert.AlertRules;
import io.github.predictivegateway.filter.PredictiveHeaders;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.test.AlertWebhook;
import io.github.predictivegateway.test.FaultyTcpProxy;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.TestMeterRegistry;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One sidecar fault per test, through real Gateway routes, with time frozen: the gateway
 * reaches its WireMock stand-in sidecar through a {@link FaultyTcpProxy}, so the sidecar
 * can be killed (connection refused), hung (accepts, never answers), slowed, or made to
 * answer garbage or a huge body. Each test gets a forecast (upper bound 100 units per
 * step) 30 s before its first step, turns the fault on, and walks seven steps, pulling
 * once per step. For every fault:
 * <ul>
 * <li>requests keep being answered, each in less than the pull's time limit (a request
 * path that waited for one pull attempt would take that long), and where the fault holds
 * every attempt until its time limit (hung, slow), while the pull is still under way; and
 * every pull ends within its attempts' time limits plus a margin;</li>
 * <li>the last good forecast is used until the staleness limit (3 min), then
 * pre-allocation decays to zero (100, 100, 100, 75, 50, 25, 0 units) and the tenant gets
 * plain token-bucket behaviour (rate 1/s, burst 2);</li>
 * <li>the meter of that fault moves by one per pull
 * ({@code predictive.forecast.pull.failures} or {@code .refusals}) and
 * {@code predictive.forecast.stale} turns 1;</li>
 * <li>once the sidecar is healthy again, the next pull restores pre-allocation, without a
 * restart;</li>
 * <li>the alerts say what happened, each sent to an {@link AlertWebhook} exactly once
 * firing while the fault lasts and once resolved after it, at exact engine times (the
 * test evaluates the rules after each pull; default {@code for:} durations):
 * {@code SidecarUnavailable} (pulls fail or are refused, 2m) and {@code ForecastStale}
 * (1m) for every fault, and {@code ForecastSnapshotRefused} (window 2m, 2m) for garbage
 * and huge bodies, resolved one window after the last refusal. The accuracy rules are
 * off: engine time adds up past their 30m {@code for:} over this class's tests, and the
 * accuracy of its made-up forecasts is not what it is about. So is
 * {@code UsagePublishFailing}: a hung or slow sidecar fails usage publishing too, when a
 * publish happens to fall in the fault (real-time backoff), which these tests do not
 * control; {@code SidecarDownAlertGatewayTests} tests that rule.</li>
 * </ul>
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.forecast.max-snapshot-size=64KB",
				"resilience4j.timelimiter.instances.predictive-forecast.timeout-duration=1s",
				"predictive.alerts.webhook-url=${webhook.url}", "predictive.alerts.evaluation-interval=1h",
				"predictive.alerts.repeat-interval=1h", "predictive.alerts.max-attempts=2",
				"predictive.alerts.min-backoff=10ms", "predictive.alerts.max-backoff=10ms",
				"predictive.alerts.rules.forecast-coverage-low.enabled=false",
				"predictive.alerts.rules.forecast-mase-high.enabled=false",
				"predictive.alerts.rules.usage-publish-failing.enabled=false" })
@AutoConfigureWebTestClient
@ActiveProfiles("looptest")
@Import(TestMeterRegistry.class)
class SidecarFaultsGatewayTests {

	/** The repeat interval: a firing alert's endsAt lies four of these ahead. */
	private static final Duration REPEAT = Duration.ofHours(1);

	private static final AlertWebhook WEBHOOK = new AlertWebhook();

	/**
	 * The pull's time limit here (the looptest profile's 300 ms let a healthy pull time
	 * out at load average 8, six busy loops on the two cores).
	 */
	private static final long TIME_LIMIT_MS = 1000;

	/** Room for this shared 2-core machine's scheduling and GC pauses. */
	private static final long MARGIN_MS = 700;

	/**
	 * Two attempts of at most the time limit, 10 ms apart (looptest profile), plus the
	 * margin.
	 */
	private static final long PULL_BOUND_MS = 2 * TIME_LIMIT_MS + 10 + MARGIN_MS;

	private static final int STEPS = 7;

	private static final WireMockServer SIDECAR = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static FaultyTcpProxy proxy;

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		if (!SIDECAR.isRunning()) {
			SIDECAR.start();
			proxy = new FaultyTcpProxy("127.0.0.1", SIDECAR.port());
		}
		registry.add("upstream.url", Upstream::url);
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + proxy.port());
		registry.add("webhook.url", WEBHOOK::url);
	}

	@AfterAll
	static void stopSidecar() {
		proxy.close();
		SIDECAR.stop();
		WEBHOOK.stop();
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private ManualTimeSource time;

	@Autowired
	private Steps steps;

	@Autowired
	private PreallocationCycle cycle;

	@Autowired
	private ShadowBucketTable table;

	@Autowired
	private ResourceTypes resources;

	@Autowired
	private SidecarForecastClient forecasts;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private AlertCycle alerts;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void healthySidecar() {
		// the pull the schedule makes at start-up runs on its own thread: let it end
		// before a test counts failures
		await().atMost(Duration.ofSeconds(30)).until(() -> !Double.isNaN(this.forecasts.up()));
		// what Actuator does with MeterBinder beans; this module's tests run without
		// Actuator
		this.context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(this.meters));
		proxy.start();
		proxy.forward();
		WEBHOOK.accept();
		SIDECAR.resetAll();
		SIDECAR.stubFor(post(urlEqualTo("/v1/usage")).willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"accepted\":1,\"replaced\":0,\"tooOld\":0}")));
	}

	@Test
	void aKilledSidecarLeavesRequestsUnaffectedDecaysPreallocationAndIsUsedAgainWhenItRestarts() {
		survives("killed", false, proxy::stop, SidecarForecastClient.Outcome.FAILED,
				PredictiveMetricNames.FORECAST_PULL_FAILURES, proxy::start);
	}

	@Test
	void aHungSidecarCostsEachPullItsTimeLimitAndNeverARequest() {
		survives("hung", true, proxy::hang, SidecarForecastClient.Outcome.FAILED,
				PredictiveMetricNames.FORECAST_PULL_FAILURES, proxy::forward);
	}

	@Test
	void aSlowSidecarIsCutAtTheTimeLimitAndUsedAgainWhenItIsFast() {
		survives("slow", true,
				() -> SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts"))
					.willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withBody("{}"))),
				SidecarForecastClient.Outcome.FAILED, PredictiveMetricNames.FORECAST_PULL_FAILURES, () -> {
				});
	}

	@Test
	void aSidecarAnsweringGarbageIsRefusedAndCountedUntilItAnswersSense() {
		byte[] garbage = new byte[64 * 1024];
		new Random(42).nextBytes(garbage);
		survives("garbage", false,
				() -> SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(
						aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(garbage))),
				SidecarForecastClient.Outcome.REFUSED, PredictiveMetricNames.FORECAST_PULL_REFUSALS, () -> {
				});
	}

	@Test
	void aHugeStreamedSnapshotIsReadOnlyUpToTheCapAndRefused() {
		// a valid snapshot, padded to three times the cap (64 KB here): read whole, it
		// would be used (UPDATED), so
		// REFUSED shows the cap. With a 1 MB cap and a 3 MB body, at load average 10 the
		// pull sometimes received
		// nothing within the 300 ms time limit, on both attempts, and FAILED; a 16 times
		// smaller body is that much
		// less for WireMock to prepare and send while the machine is busy.
		String valid = snapshot(series("huge", "db", nextStep(), 12, 200, 0, 300));
		String huge = valid.substring(0, valid.length() - 1) + " ".repeat(3 * 64 * 1024) + "}";
		survives("huge", false,
				() -> SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody(huge)
					.withChunkedDribbleDelay(64, 100))),
				SidecarForecastClient.Outcome.REFUSED, PredictiveMetricNames.FORECAST_PULL_REFUSALS, () -> {
				});
	}

	/**
	 * The scenario shared by every fault: forecast, fault, seven steps of pulls and
	 * requests, recovery.
	 * @param name names the tenants of this test
	 * @param pullsOutlastRequests whether the fault holds every pull attempt until its
	 * time limit, so that a request sent once the pull began is answered before the pull
	 * ends
	 * @param fault turns the fault on
	 * @param outcome what each pull must end with during the fault
	 * @param meter the counter that must move by one per pull
	 * @param heal turns the fault off (the stubs are replaced by a good snapshot in any
	 * case)
	 */
	private void survives(String name, boolean pullsOutlastRequests, Runnable fault,
			SidecarForecastClient.Outcome outcome, String meter, Runnable heal) {
		String tenant = name + "-tenant";
		Instant first = nextStep();
		// lower bound 0: the steps without requests while it decays do not lower the
		// adjustment multiplier
		serve("\"" + name + "\"", series(tenant, "db", first, 12, 60, 0, 100));
		this.time.set(first.minusSeconds(30));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		assertThat(alertsDue()).as("alerts due with a healthy sidecar").isNull();
		double counted = counter(meter);

		fault.run();
		List<Long> grants = new ArrayList<>();
		List<String> bystanders = new ArrayList<>();
		for (int i = 0; i < STEPS; i++) {
			enter(first.plusSeconds(60L * i));
			grants.add(granted(tenant));
			if (i == 0) {
				assertThat(decision(tenant)).as("the last good forecast is used").isEqualTo("200 preallocated");
				assertThat(gauge(PredictiveMetricNames.FORECAST_STALE)).isZero();
			}
			long started = System.nanoTime();
			AtomicBoolean pullEnded = new AtomicBoolean();
			Mono<SidecarForecastClient.Outcome> inFlight = this.forecasts.refresh()
				.doFinally(signal -> pullEnded.set(true))
				.cache();
			inFlight.subscribe();
			long requestStarted = System.nanoTime();
			bystanders.add(decision(name + "-bystander"));
			long requestMs = (System.nanoTime() - requestStarted) / 1_000_000;
			boolean answeredDuringPull = !pullEnded.get();
			SidecarForecastClient.Outcome pulled = inFlight.block(Duration.ofSeconds(10));
			long pullMs = (System.nanoTime() - started) / 1_000_000;
			alertsDue();

			assertThat(requestMs).as("request answered during a pull from a %s sidecar, ms", name)
				.isLessThan(TIME_LIMIT_MS);
			if (pullsOutlastRequests) {
				assertThat(answeredDuringPull)
					.as("request answered while the pull from a %s sidecar was under way", name)
					.isTrue();
			}
			assertThat(pulled).isEqualTo(outcome);
			assertThat(pullMs).as("pull from a %s sidecar, ms", name).isLessThan(PULL_BOUND_MS);
		}

		assertThat(bystanders).containsOnly("200 standard");
		// contact 30 s before the first step; staleness 3 min; then 75%, 50%, 25%, 0 of
		// 100
		assertThat(grants).containsExactly(100L, 100L, 100L, 75L, 50L, 25L, 0L);
		assertThat(decisions(tenant, 3)).as("a plain token bucket: burst 2")
			.containsExactly("200 standard", "200 standard", "429 throttled");
		assertThat(counter(meter) - counted).isEqualTo(STEPS);
		assertThat(gauge(PredictiveMetricNames.FORECAST_STALE)).isEqualTo(1);
		assertThat(gauge(PredictiveMetricNames.SIDECAR_UP)).as("the sidecar is down").isZero();

		heal.run();
		Instant back = nextStep();
		serve("\"" + name + "-back\"", series(tenant, "db", back, 2, 60, 0, 100));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(back);
		alertsDue();
		assertThat(gauge(PredictiveMetricNames.FORECAST_STALE)).isZero();
		assertThat(gauge(PredictiveMetricNames.SIDECAR_UP)).as("the sidecar is back").isEqualTo(1);
		assertThat(granted(tenant)).isEqualTo(100);
		assertThat(decision(tenant)).isEqualTo("200 preallocated");
		enter(back.plusSeconds(60));
		alertsDue();

		// pulls fail from first + 1 s (the first step's pull); stale from first + 150 s,
		// seen at the pull of first + 181 s
		Instant failing = first.plusSeconds(1);
		Instant stale = first.plusSeconds(181);
		alerted(AlertRules.SIDECAR_UNAVAILABLE, failing, failing.plus(Duration.ofMinutes(2)), back.plusSeconds(1));
		alerted(AlertRules.FORECAST_STALE, stale, stale.plus(Duration.ofMinutes(1)), back.plusSeconds(1));
		boolean refused = outcome == SidecarForecastClient.Outcome.REFUSED;
		if (refused) {
			// one 2 m window after the last refusal (first + 361 s): the evaluation at
			// back + 61 s
			alerted(AlertRules.FORECAST_SNAPSHOT_REFUSED, failing, failing.plus(Duration.ofMinutes(2)),
					back.plusSeconds(61));
		}
		assertThat(WEBHOOK.names()).as("every alert sent").hasSize(refused ? 6 : 4);
	}

	/**
	 * Evaluates the alert rules now (engine time); whether what was due was delivered
	 * (null: nothing was due).
	 */
	private Boolean alertsDue() {
		return this.alerts.tick().block(Duration.ofSeconds(10));
	}

	/**
	 * The alert named {@code name} was sent exactly twice: firing at {@code firedAt}, a
	 * pull during the fault, and resolved at {@code resolvedAt}, both with the
	 * {@code startsAt} of the pull where its condition began.
	 */
	private static void alerted(String name, Instant startsAt, Instant firedAt, Instant resolvedAt) {
		assertThat(WEBHOOK.alerts(name)).as(name)
			.extracting(alert -> alert.get("startsAt").asString() + " to " + alert.get("endsAt").asString())
			.containsExactly(startsAt + " to " + firedAt.plus(REPEAT.multipliedBy(4)), startsAt + " to " + resolvedAt);
	}

	private double counter(String name) {
		return this.meters.get(name).functionCounter().count();
	}

	private double gauge(String name) {
		Gauge gauge = this.meters.get(name).gauge();
		return gauge.value();
	}

	/** The start of the step after the current one. */
	private Instant nextStep() {
		return this.steps.start(this.steps.indexOf(this.time.epochNanos()) + 1);
	}

	/** Moves time one second into {@code step} and prepares it. */
	private void enter(Instant step) {
		this.time.set(step.plusSeconds(1));
		this.cycle.tick();
	}

	private static String series(String tenant, String resource, Instant start, int steps, double mean, double lower,
			double upper) {
		List<String> points = new ArrayList<>();
		for (int i = 0; i < steps; i++) {
			points.add(String.format(Locale.ROOT, "{\"start\":\"%s\",\"mean\":%s,\"lower\":%s,\"upper\":%s}",
					start.plusSeconds(60L * i), mean, lower, upper));
		}
		return "{\"tenant\":\"" + tenant + "\",\"resource\":\"" + resource
				+ "\",\"model\":\"harmonic-ar\",\"modelVersion\":3,\"points\":[" + String.join(",", points) + "]}";
	}

	private static String snapshot(String... series) {
		return "{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[" + String.join(",", series)
				+ "]}";
	}

	private static void serve(String etag, String... series) {
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("ETag", etag)
			.withBody(snapshot(series))));
	}

	private SidecarForecastClient.Outcome pull() {
		return this.forecasts.refresh().block(Duration.ofSeconds(10));
	}

	private String decision(String tenant) {
		var result = this.client.get()
			.uri("/orders/1")
			.header("X-Tenant-Id", tenant)
			.exchange()
			.returnResult(String.class);
		return result.getStatus().value() + " " + result.getResponseHeaders().getFirst(PredictiveHeaders.DECISION);
	}

	private List<String> decisions(String tenant, int requests) {
		List<String> decisions = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			decisions.add(decision(tenant));
		}
		return decisions;
	}

	private long granted(String tenant) {
		StepGrants grants = this.table.grantsAt(this.time.epochNanos());
		var bucket = (grants != null) ? grants.shadowBucket(tenant, this.resources.get("db")) : null;
		return (bucket != null) ? bucket.granted() : 0;
	}

}
