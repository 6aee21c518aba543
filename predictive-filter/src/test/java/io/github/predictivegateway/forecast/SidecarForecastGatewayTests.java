package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.filter.PredictiveHeaders;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The predictive loop through real Gateway routes, with a stand-in sidecar (WireMock on
 * 127.0.0.1) serving the forecast snapshot and taking usage, and time frozen. Each test
 * moves time into a step of its own, serves a snapshot for it, pulls it, and only then
 * prepares the step, so grants and decisions are exact. Plan {@code free}: rate 1/s,
 * burst 2; 300 db units reservable per step.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@ActiveProfiles("looptest")
class SidecarForecastGatewayTests {

	private static final WireMockServer SIDECAR = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		if (!SIDECAR.isRunning()) {
			SIDECAR.start();
		}
		registry.add("upstream.url", Upstream::url);
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + SIDECAR.port());
	}

	@AfterAll
	static void stopSidecar() {
		SIDECAR.stop();
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
	private UsageCycle usage;

	@Autowired
	@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE)
	private SnapshotForecastSource snapshot;

	@BeforeEach
	void sidecarTakesUsage() {
		SIDECAR.resetAll();
		SIDECAR.stubFor(post(urlEqualTo("/v1/usage")).willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"accepted\":1,\"replaced\":0,\"tooOld\":0}")));
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

	private static void serve(String etag, String... series) {
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("ETag", etag)
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":["
					+ String.join(",", series) + "]}")));
	}

	private SidecarForecastClient.Outcome pull() {
		return this.forecasts.refresh().block(Duration.ofSeconds(10));
	}

	private String decision(String path, String tenant) {
		WebTestClient.ResponseSpec response = this.client.get().uri(path).header("X-Tenant-Id", tenant).exchange();
		var result = response.returnResult(String.class);
		String decision = result.getResponseHeaders().getFirst(PredictiveHeaders.DECISION);
		return result.getStatus().value() + " " + decision;
	}

	private List<String> decisions(String tenant, int requests) {
		List<String> decisions = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			decisions.add(decision("/orders/" + i, tenant));
		}
		return decisions;
	}

	private long granted(String tenant) {
		StepGrants grants = this.table.grantsAt(this.time.epochNanos());
		var bucket = (grants != null) ? grants.shadowBucket(tenant, this.resources.get("db")) : null;
		return (bucket != null) ? bucket.granted() : 0;
	}

	@Test
	void aForecastTenantIsServedFromItsGrantThenItsBucketAndOneWithoutForecastFromItsBucketOnly() {
		Instant step = nextStep();
		serve("\"a1\"", series("tenant-a", "db", step, 3, 2, 1, 3));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(step);

		assertThat(decisions("tenant-a", 6)).containsExactly("200 preallocated", "200 preallocated", "200 preallocated",
				"200 standard", "200 standard", "429 throttled");
		assertThat(decisions("tenant-b", 3)).containsExactly("200 standard", "200 standard", "429 throttled");
	}

	@Test
	void oversubscribedGrantsAreMaxMinFairAndStayWithinTheReservableShare() {
		Instant step = nextStep();
		serve("\"o1\"", series("small", "db", step, 2, 40, 10, 50), series("medium", "db", step, 2, 150, 100, 200),
				series("large", "db", step, 2, 300, 200, 400));
		pull();
		enter(step);

		// 300 reservable: small gets its 50, the other two split the remaining 250 evenly
		assertThat(List.of(granted("small"), granted("medium"), granted("large"))).containsExactly(50L, 125L, 125L);
		assertThat(this.table.grantsAt(this.time.epochNanos()).totalGranted(this.resources.get("db"))).isEqualTo(300);
	}

	@Test
	void aGarbageSeriesIsDroppedWhileTheOthersAreUsed() {
		Instant step = nextStep();
		long droppedBefore = this.snapshot.seriesDropped();
		serve("\"g1\"", series("good", "db", step, 2, 4, 2, 5),
				series("garbage", "db", step, 2, Double.NaN, 1, 2).replace("NaN", "\"lots\""),
				series("inverted", "db", step, 2, 4, 5, 3), series("gpu", "gpu", step, 2, 4, 2, 5));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(step);

		assertThat(this.snapshot.seriesDropped() - droppedBefore).isEqualTo(3);
		assertThat(granted("good")).isEqualTo(5);
		assertThat(List.of(granted("garbage"), granted("inverted"), granted("gpu"))).containsOnly(0L);
	}

	@Test
	void aStaleForecastDecaysToZeroStepByStepAndComesBackWhenTheSidecarDoes() {
		Instant first = nextStep();
		// lower bound 0: the steps without requests while it decays do not lower the
		// adjustment multiplier
		serve("\"s1\"", series("steady", "db", first, 12, 60, 0, 100));
		this.time.set(first.minusSeconds(30));
		pull();
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(503)));

		List<Long> grants = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			enter(first.plusSeconds(60L * i));
			assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.FAILED);
			grants.add(granted("steady"));
		}

		// confirmed 30 s before the first step; staleness 3 min; then 75%, 50%, 25%, 0 of
		// 100
		assertThat(grants).containsExactly(100L, 100L, 100L, 75L, 50L, 25L, 0L, 0L);
		assertThat(decisions("steady", 3)).containsExactly("200 standard", "200 standard", "429 throttled");

		serve("\"s2\"", series("steady", "db", nextStep(), 2, 60, 0, 100));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(nextStep());
		assertThat(granted("steady")).isEqualTo(100);
	}

	@Test
	void theSnapshotHeldIsRevalidatedWithItsEntityTag() {
		Instant step = nextStep();
		serve("\"e1\"", series("tagged", "db", step, 2, 4, 2, 5));
		pull();
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).withHeader("If-None-Match", equalTo("\"e1\""))
			.willReturn(aResponse().withStatus(304)));

		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.NOT_MODIFIED);
		SIDECAR.verify(getRequestedFor(urlEqualTo("/v1/forecasts")).withHeader("If-None-Match", equalTo("\"e1\"")));
	}

	/**
	 * Serves {@code tenant} a forecast for the next step, pulls it and enters that step.
	 */
	private void forecastAndEnter(String tenant, String etag) {
		Instant step = nextStep();
		serve(etag, series(tenant, "db", step, 3, 4, 2, 5));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(step);
	}

	@Test
	void aSlowSidecarNeverDelaysARequestAndItsPullIsCutAtTheTimeLimit() {
		forecastAndEnter("patient", "\"d1\"");
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(5_000).withBody("{}")));

		long started = System.nanoTime();
		Mono<SidecarForecastClient.Outcome> slowPull = this.forecasts.refresh().cache();
		slowPull.subscribe();
		String during = decision("/orders/1", "patient");
		long requestMillis = (System.nanoTime() - started) / 1_000_000;
		SidecarForecastClient.Outcome slow = slowPull.block(Duration.ofSeconds(10));
		long pullMillis = (System.nanoTime() - started) / 1_000_000;

		assertThat(during).isEqualTo("200 preallocated");
		assertThat(requestMillis).isLessThan(1_000);
		assertThat(slow).isEqualTo(SidecarForecastClient.Outcome.FAILED);
		assertThat(pullMillis).as("two attempts of at most 300 ms each").isLessThan(2_500);
		assertThat(this.snapshot.table().series()).containsKey(new SeriesKey("patient", "db"));
	}

	@Test
	void aSidecarAnsweringGarbageIsRefusedAndTheLastGoodForecastStays() {
		forecastAndEnter("trusting", "\"t1\"");
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200).withBody("<html>")));

		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.REFUSED);

		assertThat(this.snapshot.isStale()).isFalse();
		assertThat(this.snapshot.table().series()).containsKey(new SeriesKey("trusting", "db"));
		assertThat(decision("/orders/1", "trusting")).isEqualTo("200 preallocated");
	}

	@Test
	void aSidecarThatIsDownLeavesTheLastGoodForecastInPlace() {
		forecastAndEnter("abandoned", "\"b1\"");
		SIDECAR.stubFor(
				get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.FAILED);

		assertThat(this.snapshot.table().series()).containsKey(new SeriesKey("abandoned", "db"));
		assertThat(decision("/orders/1", "abandoned")).isEqualTo("200 preallocated");
	}

	@Test
	void inShadowModeAThrottledRequestPassesMarked() {
		enter(nextStep());
		this.client.get().uri("/shadow/1").header("X-Tenant-Id", "shadowed").exchange().expectStatus().isOk();
		this.client.get().uri("/shadow/2").header("X-Tenant-Id", "shadowed").exchange().expectStatus().isOk();

		this.client.get()
			.uri("/shadow/3")
			.header("X-Tenant-Id", "shadowed")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "throttled")
			.expectHeader()
			.valueEquals(PredictiveHeaders.SHADOW, "true")
			.expectBody(String.class)
			.isEqualTo("upstream");
	}

	@Test
	void eachStepsOfferedDemandIsPublishedToTheSidecarThrottledRequestsIncluded() throws InterruptedException {
		Instant step = nextStep();
		enter(step);
		decisions("publisher", 4);
		this.time.set(step.plusSeconds(63));

		this.usage.tick().block(Duration.ofSeconds(10));
		for (int i = 0; i < 50 && SIDECAR
			.findAll(postRequestedFor(urlEqualTo("/v1/usage"))
				.withRequestBody(matchingJsonPath("$.records[?(@.tenant == 'publisher')]")))
			.isEmpty(); i++) {
			Thread.sleep(100); // a background tick may have taken the batch: wait for its
								// HTTP call to land
		}

		SIDECAR.verify(postRequestedFor(urlEqualTo("/v1/usage"))
			.withRequestBody(matchingJsonPath("$.instance", equalTo("gw-test")))
			.withRequestBody(matchingJsonPath("$.records[?(@.tenant == 'publisher' && @.attempted == 4 "
					+ "&& @.admitted == 2 && @.throttled == 2 && @.units == 4.0 && @.stepStart == '" + step + "')]")));
	}

	@Test
	void theRequestAfterASidecarOutageNeedsNoRestart() {
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(500)));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.FAILED);
		Instant step = nextStep();
		serve("\"r1\"", series("recovered", "db", step, 2, 4, 2, 5));

		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		enter(step);
		assertThat(decision("/orders/1", "recovered")).isEqualTo("200 preallocated");
	}

}
