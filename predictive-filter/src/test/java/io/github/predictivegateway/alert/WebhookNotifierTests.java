package io.github.predictivegateway.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook notifier against a WireMock receiver on 127.0.0.1: 3 attempts, 10 ms
 * backoff.
 */
class WebhookNotifierTests {

	private static final WireMockServer RECEIVER = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

	private static final Alert FIRING = new Alert(
			Map.of("alertname", "ThrottlingHigh", "severity", "warning", "resource", "db"),
			Map.of("summary", "Throttling rate above its threshold", "description", "25% throttled"), T0,
			T0.plusSeconds(1200), false);

	private static final Alert RESOLVED = new Alert(Map.of("alertname", "ForecastStale", "severity", "warning"),
			Map.of("summary", "stale", "description", "stale"), T0, T0.plusSeconds(60), true);

	private WebhookNotifier notifier;

	@BeforeAll
	static void start() {
		RECEIVER.start();
	}

	@AfterAll
	static void stop() {
		RECEIVER.stop();
	}

	@BeforeEach
	void notifier() {
		RECEIVER.resetAll();
		this.notifier = new WebhookNotifier(
				new WebhookSettings(URI.create("http://127.0.0.1:" + RECEIVER.port() + "/api/v2/alerts"),
						"http://gateway.example/actuator/predictive", Duration.ofSeconds(2), 3, Duration.ofMillis(10),
						Duration.ofMillis(20)));
	}

	private boolean send(Alert... alerts) {
		return this.notifier.send(List.of(alerts)).block(Duration.ofSeconds(10));
	}

	@Test
	void alertsArePostedAsAnAlertmanagerArray() {
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));

		assertThat(send(FIRING, RESOLVED)).isTrue();

		RECEIVER.verify(1, postRequestedFor(urlEqualTo("/api/v2/alerts"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson("""
					[{"labels": {"alertname": "ThrottlingHigh", "resource": "db", "severity": "warning"},
					  "annotations": {"description": "25% throttled", "summary": "Throttling rate above its threshold"},
					  "startsAt": "2026-11-30T09:00:00Z", "endsAt": "2026-11-30T09:20:00Z",
					  "generatorURL": "http://gateway.example/actuator/predictive"},
					 {"labels": {"alertname": "ForecastStale", "severity": "warning"},
					  "annotations": {"description": "stale", "summary": "stale"},
					  "startsAt": "2026-11-30T09:00:00Z", "endsAt": "2026-11-30T09:01:00Z",
					  "generatorURL": "http://gateway.example/actuator/predictive"}]
					""")));
	}

	@Test
	void aFailingReceiverIsRetriedUntilItTakesTheAlerts() {
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("second"));
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).inScenario("flaky")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(202)));

		assertThat(send(FIRING)).isTrue();

		RECEIVER.verify(2, postRequestedFor(urlEqualTo("/api/v2/alerts")));
	}

	@Test
	void aReceiverThatKeepsFailingIsGivenUpAfterTheLastAttempt() {
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(500)));

		assertThat(send(FIRING)).isFalse();

		RECEIVER.verify(3, postRequestedFor(urlEqualTo("/api/v2/alerts")));
	}

	@Test
	void aRefusedBodyIsNotSentAgain() {
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(400)));

		assertThat(send(FIRING)).isFalse();

		RECEIVER.verify(1, postRequestedFor(urlEqualTo("/api/v2/alerts")));
	}

	@Test
	void aReceiverAskingToSlowDownIsRetried() {
		RECEIVER.stubFor(post(urlEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(429)));

		assertThat(send(FIRING)).isFalse();

		RECEIVER.verify(3, postRequestedFor(urlEqualTo("/api/v2/alerts")));
	}

}
