package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.predictivegateway.test.AlertWebhook;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.TestMeterRegistry;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ThrottlingHigh} through a real route: plan rate 1/s, burst 5, time frozen; rule
 * threshold 50% of the decisions over 1 minute, at least 5 decisions, {@code for: 2m}; a
 * WireMock webhook receives the alerts. The test evaluates the rules itself, once per
 * engine minute.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@ActiveProfiles("alerttest")
@Import(TestMeterRegistry.class)
class ThrottlingAlertGatewayTests {

	private static final AlertWebhook WEBHOOK = new AlertWebhook();

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
		registry.add("webhook.url", WEBHOOK::url);
	}

	@AfterAll
	static void stopWebhook() {
		WEBHOOK.stop();
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private ManualTimeSource time;

	@Autowired
	private AlertCycle alerts;

	/** Sends {@code count} requests of one tenant; returns how many were throttled. */
	private int send(int count) {
		int throttled = 0;
		for (int i = 0; i < count; i++) {
			int status = this.client.get()
				.uri("/orders/" + i)
				.header("X-Tenant-Id", "noisy")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			throttled += (status == 429) ? 1 : 0;
		}
		return throttled;
	}

	/**
	 * Moves engine time one minute on and evaluates the rules; whether alerts were
	 * delivered (null: none due).
	 */
	private Boolean nextMinute() {
		this.time.advance(Duration.ofMinutes(1));
		return this.alerts.tick().block(Duration.ofSeconds(10));
	}

	@Test
	void throttlingAboveTheThresholdLongerThanForFiresOneAlertWhichResolvesWhenThrottlingStops() {
		var start = this.time.now();
		assertThat(this.alerts.tick().block(Duration.ofSeconds(10))).isNull();

		assertThat(send(20)).isEqualTo(15);
		assertThat(nextMinute()).as("75% throttled: pending").isNull();
		assertThat(send(20)).isEqualTo(15);
		assertThat(nextMinute()).as("pending for 1 minute").isNull();
		assertThat(send(20)).isEqualTo(15);
		assertThat(nextMinute()).as("pending for 2 minutes: firing").isTrue();

		List<JsonNode> fired = WEBHOOK.alerts("ThrottlingHigh");
		assertThat(WEBHOOK.posts()).hasSize(1);
		assertThat(fired).hasSize(1);
		JsonNode alert = fired.get(0);
		assertThat(alert.get("labels").toString()).isEqualTo(
				"{\"alertname\":\"ThrottlingHigh\",\"cluster\":\"test\",\"resource\":\"db\",\"severity\":\"warning\"}");
		assertThat(alert.get("annotations").get("description").asString())
			.isEqualTo("75% of the decisions on resource db were throttled over the last 1m (threshold 50%)");
		assertThat(alert.get("startsAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(1)).toString());
		assertThat(alert.get("endsAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(3 + 40)).toString());

		assertThat(send(5)).as("the bucket refilled: nothing throttled").isZero();
		assertThat(nextMinute()).as("resolved").isTrue();

		List<JsonNode> all = WEBHOOK.alerts("ThrottlingHigh");
		assertThat(WEBHOOK.posts()).hasSize(2);
		assertThat(all).hasSize(2);
		assertThat(all.get(1).get("labels")).isEqualTo(alert.get("labels"));
		assertThat(all.get(1).get("startsAt")).isEqualTo(alert.get("startsAt"));
		assertThat(all.get(1).get("endsAt").asString()).isEqualTo(start.plus(Duration.ofMinutes(4)).toString());
		assertThat(nextMinute()).as("nothing more to send").isNull();
	}

}
