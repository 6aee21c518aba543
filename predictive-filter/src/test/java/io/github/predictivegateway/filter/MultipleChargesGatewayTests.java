package io.github.predictivegateway.filter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;

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
 * A route that charges two resource types per request, one filter each: one unit of
 * {@code requests} and the body's bytes of {@code egress-bytes}, through the running
 * route with time frozen. The {@code free} plan allows 3 {@code requests} and 1000 bytes,
 * neither refilled while time stands still.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class MultipleChargesGatewayTests {

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	private WebTestClient.ResponseSpec post(String path, String tenant, int bytes) {
		return this.client.post().uri(path).header("X-Tenant-Id", tenant).bodyValue(new byte[bytes]).exchange();
	}

	@Test
	void aRequestWithinItsRequestLimitButOverItsByteLimitIsRefusedAndItsRequestUnitGivenBack() {
		post("/both/1", "roadrunner", 600).expectStatus().isOk();

		post("/both/2", "roadrunner", 600).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals(PredictiveHeaders.REQUESTED_TOKENS, "600");

		// 3 requests in the plan: one spent by /both/1, this one; the refused one's was
		// given back
		this.client.get()
			.uri("/open/3")
			.header("X-Tenant-Id", "roadrunner")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "1");
		Upstream.server()
			.verify(0, anyRequestedFor(urlPathMatching("/both/2")).withHeader("X-Tenant-Id", equalTo("roadrunner")));
	}

	@Test
	void aRequestWithinBothLimitsTakesFromBoth() {
		post("/both/1", "beaker", 400).expectStatus().isOk();

		post("/upload/2", "beaker", 600).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "0");
		this.client.get()
			.uri("/open/3")
			.header("X-Tenant-Id", "beaker")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "1");
	}

}
