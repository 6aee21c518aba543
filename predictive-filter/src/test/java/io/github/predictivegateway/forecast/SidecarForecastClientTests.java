package io.github.predictivegateway.forecast;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;

import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.TimeSourceClock;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull's circuit breaker against a WireMock sidecar, on a manual clock: two failures
 * open it, an open circuit answers at once without calling the sidecar, and after its
 * open wait one trial pull closes it again.
 */
@ExtendWith(OutputCaptureExtension.class)
class SidecarForecastClientTests {

	private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(T0);

	private final WireMockServer sidecar = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private final SnapshotForecastSource target = new SnapshotForecastSource(this.time, Duration.ofMinutes(5), 4);

	private final CircuitBreaker circuitBreaker = CircuitBreaker.of("test",
			CircuitBreakerConfig.custom()
				.slidingWindowSize(2)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofSeconds(30))
				.permittedNumberOfCallsInHalfOpenState(1)
				.clock(new TimeSourceClock(this.time))
				.build());

	private SidecarForecastClient client;

	@BeforeEach
	void start() {
		this.sidecar.start();
		this.client = new SidecarForecastClient(HttpClient.newHttpClient(),
				URI.create("http://127.0.0.1:" + this.sidecar.port()),
				new ForecastSnapshotReader(Duration.ofMinutes(1), Set.of("db")::contains), this.target,
				TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(2)).build()),
				this.circuitBreaker, Retry.of("test", RetryConfig.custom().maxAttempts(1).build()), 1_000_000);
	}

	@AfterEach
	void stop() {
		this.sidecar.stop();
	}

	private SidecarForecastClient.Outcome pull() {
		return this.client.refresh().block(Duration.ofSeconds(10));
	}

	private int calls() {
		return this.sidecar.findAll(getRequestedFor(urlEqualTo("/v1/forecasts"))).size();
	}

	@Test
	void anOpenCircuitSparesTheSidecarAndOneTrialAfterItsWaitClosesIt() {
		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(500)));
		pull();
		pull();
		assertThat(this.circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
		this.time.advance(Duration.ofSeconds(29));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.FAILED);
		assertThat(calls()).isEqualTo(2);

		this.time.advance(Duration.ofMillis(1_001));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		assertThat(calls()).isEqualTo(3);
		assertThat(this.circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void upIsUnknownBeforeTheFirstPull() {
		assertThat(this.client.up()).isNaN();
	}

	@Test
	void upIsOneAfterANewSnapshotAndStaysOneOnA304() {
		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withHeader("ETag", "\"v1\"")
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		assertThat(this.client.up()).isEqualTo(1.0);

		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(304)));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.NOT_MODIFIED);
		assertThat(this.client.up()).isEqualTo(1.0);
	}

	@Test
	void upFallsToZeroAfterAFailedPullAndRisesAgainWhenThePullSucceeds() {
		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(503)));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.FAILED);
		assertThat(this.client.up()).isZero();

		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		assertThat(this.client.up()).isEqualTo(1.0);
	}

	@Test
	void upIsZeroWhenTheSidecarSendsASnapshotThatCannotBeUsed() {
		this.sidecar
			.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200).withBody("not json")));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.REFUSED);
		assertThat(this.client.up()).isZero();
	}

	@Test
	void aDeadSidecarIsLoggedAtWarnOnTheFirstFailedPullOnlyAndAtInfoWhenItAnswersAgain(CapturedOutput output) {
		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(503)));
		pull();
		pull();
		pull();
		assertThat(lines(output, "WARN", "Forecast pull from")).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("the sidecar answered 503"));

		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
		this.time.advance(Duration.ofSeconds(31));
		assertThat(pull()).isEqualTo(SidecarForecastClient.Outcome.UPDATED);
		pull();

		assertThat(lines(output, "INFO", "succeed again")).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("after 3 failed pull(s)"));
		assertThat(lines(output, "WARN", "Forecast pull from")).hasSize(1);
	}

	@Test
	void aPullThatOutlivesItsTimeLimitEndsWithoutAnErrorDroppedLater() throws InterruptedException {
		this.sidecar.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withFixedDelay(1_000)
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
		SidecarForecastClient slow = new SidecarForecastClient(HttpClient.newHttpClient(),
				URI.create("http://127.0.0.1:" + this.sidecar.port()),
				new ForecastSnapshotReader(Duration.ofMinutes(1), Set.of("db")::contains), this.target,
				TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(200)).build()),
				this.circuitBreaker, Retry.of("test", RetryConfig.custom().maxAttempts(1).build()), 1_000_000);
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			assertThat(slow.refresh().block(Duration.ofSeconds(10))).isEqualTo(SidecarForecastClient.Outcome.FAILED);
			Thread.sleep(1_500); // past the request's own timeout and the delayed answer
			assertThat(dropped).isEmpty();
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
	}

	private static List<String> lines(CapturedOutput output, String level, String text) {
		return output.getAll().lines().filter(line -> line.contains(level) && line.contains(text)).toList();
	}

}
