package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.test.AlertWebhook;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.TestMeterRegistry;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsagePublisher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ForecastStale}, {@code SidecarUnavailable} and {@code UsagePublishFailing} in a
 * running gateway whose stand-in sidecar (WireMock) goes down: stale once the last
 * contact is more than 3 minutes old, {@code for: 1m}, time frozen; the test pulls
 * forecasts and evaluates the rules itself, and a WireMock webhook receives the alerts.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@ActiveProfiles("alertsidecartest")
@Import(TestMeterRegistry.class)
class SidecarDownAlertGatewayTests {

	private static final WireMockServer SIDECAR = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private static final AlertWebhook WEBHOOK = new AlertWebhook();

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		if (!SIDECAR.isRunning()) {
			SIDECAR.start();
		}
		registry.add("upstream.url", Upstream::url);
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + SIDECAR.port());
		registry.add("webhook.url", WEBHOOK::url);
	}

	@AfterAll
	static void stop() {
		SIDECAR.stop();
		WEBHOOK.stop();
	}

	@Autowired
	private ManualTimeSource time;

	@Autowired
	private SidecarForecastClient forecasts;

	@Autowired
	private AlertCycle alerts;

	@Autowired
	private UsagePublisher usage;

	private static void sidecarServes() {
		SIDECAR.resetAll();
		SIDECAR.stubFor(post(urlEqualTo("/v1/usage")).willReturn(aResponse().withStatus(202)));
		SIDECAR.stubFor(get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"generatedAt\":\"2026-11-30T09:00:00Z\",\"step\":\"PT1M\",\"series\":[]}")));
	}

	private static void sidecarDown() {
		SIDECAR.resetAll();
		SIDECAR.stubFor(
				get(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
	}

	private SidecarForecastClient.Outcome pull() {
		return this.forecasts.refresh().block(Duration.ofSeconds(10));
	}

	/**
	 * Moves engine time on, pulls forecasts, evaluates the rules; whether alerts were
	 * delivered (null: none due).
	 */
	private Boolean after(Duration elapsed, SidecarForecastClient.Outcome expectedPull) {
		this.time.advance(elapsed);
		assertThat(pull()).isEqualTo(expectedPull);
		return this.alerts.tick().block(Duration.ofSeconds(10));
	}

	@Test
	void aSidecarThatStaysDownFiresSidecarUnavailableThenForecastStaleAndBothResolveWhenItIsBack() {
		Instant start = this.time.now();
		sidecarServes();
		assertThat(after(Duration.ZERO, SidecarForecastClient.Outcome.UPDATED)).isNull();

		sidecarDown();
		assertThat(after(Duration.ofMinutes(1), SidecarForecastClient.Outcome.FAILED)).as("down: pending").isNull();
		assertThat(after(Duration.ofMinutes(2), SidecarForecastClient.Outcome.FAILED))
			.as("down for 2m: SidecarUnavailable fires; 3 minutes old: not stale")
			.isTrue();
		assertThat(WEBHOOK.alerts("SidecarUnavailable")).extracting(a -> a.get("startsAt").asString())
			.as("startsAt is when the condition began, as Prometheus sends it")
			.containsExactly(start.plus(Duration.ofMinutes(1)).toString());
		assertThat(WEBHOOK.alerts("ForecastStale")).isEmpty();
		assertThat(after(Duration.ofMinutes(1), SidecarForecastClient.Outcome.FAILED)).as("stale: pending").isNull();
		assertThat(after(Duration.ofMinutes(1), SidecarForecastClient.Outcome.FAILED)).as("stale: firing").isTrue();

		List<JsonNode> stale = WEBHOOK.alerts("ForecastStale");
		assertThat(stale).hasSize(1);
		assertThat(stale.get(0).get("labels").toString())
			.isEqualTo("{\"alertname\":\"ForecastStale\",\"severity\":\"warning\"}");
		assertThat(stale.get(0).get("startsAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(4)).toString());

		sidecarServes();
		assertThat(after(Duration.ofMinutes(1), SidecarForecastClient.Outcome.UPDATED)).as("resolved").isTrue();
		assertThat(WEBHOOK.alerts("ForecastStale")).extracting(a -> a.get("endsAt").asString())
			.containsExactly(start.plus(Duration.ofMinutes(5 + 40)).toString(),
					start.plus(Duration.ofMinutes(6)).toString());
		assertThat(WEBHOOK.alerts("SidecarUnavailable")).last()
			.extracting(a -> a.get("endsAt").asString())
			.isEqualTo(start.plus(Duration.ofMinutes(6)).toString());
	}

	private static void usageDown() {
		SIDECAR.stubFor(post(urlEqualTo("/v1/usage")).atPriority(1)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
	}

	/**
	 * Publishes until everything buffered was answered ({@code answered}) or until an
	 * attempt failed: the publisher's backoff (1 ms here) runs on the real clock.
	 */
	private void publish(boolean answered) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while ((answered ? this.usage.failing() > 0 || this.usage.buffered() > 0 : this.usage.failing() == 0)
				&& System.nanoTime() < deadline) {
			this.usage.flush().block(Duration.ofSeconds(10));
			Thread.sleep(2);
		}
	}

	@Test
	void usagePublishingThatKeepsFailingFiresUsagePublishFailingAndTheFirstAnswerResolvesIt() throws Exception {
		StepUsage record = new StepUsage("acme", "db", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0);
		sidecarServes();
		this.usage.offer(List.of(record));
		publish(true);
		this.alerts.tick().block(Duration.ofSeconds(10));
		Instant start = this.time.now();

		usageDown();
		this.usage.offer(List.of(record));
		publish(false);
		assertThat(this.usage.failing()).isPositive();
		assertThat(this.alerts.tick().block(Duration.ofSeconds(10))).as("failing: pending").isNull();
		this.time.advance(Duration.ofMinutes(2));
		publish(false);
		assertThat(this.alerts.tick().block(Duration.ofSeconds(10))).as("failing for 2m: firing").isTrue();
		assertThat(WEBHOOK.alerts("UsagePublishFailing")).hasSize(1)
			.allSatisfy(alert -> assertThat(alert.get("startsAt").asString()).isEqualTo(start.toString()));

		sidecarServes();
		this.time.advance(Duration.ofMinutes(1));
		publish(true);
		assertThat(this.usage.buffered()).isZero();
		assertThat(this.alerts.tick().block(Duration.ofSeconds(10))).as("answered: resolved").isTrue();
		assertThat(WEBHOOK.alerts("UsagePublishFailing")).last()
			.extracting(a -> a.get("endsAt").asString())
			.isEqualTo(start.plus(Duration.ofMinutes(3)).toString());
	}

}
