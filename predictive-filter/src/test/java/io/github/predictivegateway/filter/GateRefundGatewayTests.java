package io.github.predictivegateway.filter;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A request the capacity gate refuses gives its tenant back what the tenant stage took,
 * through the running route with time frozen: the {@code tiny} gate lets 1 unit/s through
 * and holds 1, standard requests never wait at it, and the {@code free} plan allows 2
 * {@code tiny} units and refills them only over 200 s. Without the refund, the tenant's
 * retry after the {@code Retry-After} of its 503 would find its bucket empty and be
 * answered 429.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.plans.free.tiny.rate=0.01",
				"predictive.plans.free.tiny.burst=2", "predictive.queue.max-wait.standard=0ms" })
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class GateRefundGatewayTests {

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@Autowired
	private ManualTimeSource time;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	private WebTestClient.ResponseSpec get(String path, String tenant) {
		return this.client.get().uri(path).header("X-Tenant-Id", tenant).exchange();
	}

	@Test
	void aTenantRefusedByTheFullGateIsServedWhenItRetriesAfterRetryAfterNotThrottled() {
		get("/tiny/1", "wile").expectStatus().isOk().expectHeader().valueEquals(PredictiveHeaders.REMAINING, "1");
		get("/tiny/2", "wile").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "timed-out")
			.expectHeader()
			.valueEquals("Retry-After", "1");

		this.time.advance(Duration.ofSeconds(1));

		get("/tiny/3", "wile").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "standard")
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "0");
		Upstream.server()
			.verify(2, anyRequestedFor(urlPathMatching("/tiny/[13]")).withHeader("X-Tenant-Id", equalTo("wile")));
	}

}
