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
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The filter through real Gateway routes to a WireMock upstream, with time frozen:
 * buckets never refill during a test, so every count is exact. Each test uses tenants of
 * its own, since the context (and its buckets) is shared.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class PredictiveRateLimiterGatewayFilterFactoryTests {

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

	private WebTestClient.ResponseSpec get(String path, String tenant) {
		return this.client.get().uri(path).header("X-Tenant-Id", tenant).exchange();
	}

	private void expectAdmitted(String path, String tenant, String decision, String remaining) {
		get(path, tenant).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, decision)
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, remaining);
	}

	@Test
	void preallocatedTokensAreSpentBeforeTheStandardBucket() {
		expectAdmitted("/orders/1", "acme", "preallocated", "2");
		expectAdmitted("/orders/2", "acme", "preallocated", "1");
		expectAdmitted("/orders/3", "acme", "preallocated", "0");
		expectAdmitted("/orders/4", "acme", "standard", "1");
		expectAdmitted("/orders/5", "acme", "standard", "0");
	}

	@Test
	void aTenantWithBothBucketsEmptyIsThrottledWithHeadersAndAProblemBody() {
		expectAdmitted("/orders/1", "hooli", "standard", "1");
		expectAdmitted("/orders/2", "hooli", "standard", "0");

		get("/orders/3", "hooli").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "0")
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "throttled")
			.expectHeader()
			.valueEquals(PredictiveHeaders.RATE_LIMIT_POLICY, "\"free.db\";q=2;w=2")
			.expectHeader()
			.valueEquals(PredictiveHeaders.RATE_LIMIT, "\"free.db\";r=0;t=1")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:predictive-admission:problem:throttled")
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.title")
			.isEqualTo("Too Many Requests")
			.jsonPath("$.instance")
			.isEqualTo("/orders/3")
			.jsonPath("$.retryAfter")
			.isEqualTo(1);
	}

	@Test
	void throttledRequestsNeverReachTheUpstream() {
		for (int i = 0; i < 5; i++) {
			get("/orders/counted", "umbrella");
		}

		Upstream.server()
			.verify(2,
					anyRequestedFor(urlPathEqualTo("/orders/counted")).withHeader("X-Tenant-Id", equalTo("umbrella")));
	}

	@Test
	void aRequestWithoutTenantIsForbiddenWithAProblemBody() {
		this.client.get()
			.uri("/orders/1")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:predictive-admission:problem:missing-tenant");
	}

	@Test
	void oneTenantsThrottlingLeavesAnotherUnaffected() {
		get("/orders/1", "globex");
		get("/orders/2", "globex");
		get("/orders/3", "globex").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		expectAdmitted("/orders/1", "initech", "standard", "1");
	}

	@Test
	void theShortcutFormSetsResourceAndCost() {
		expectAdmitted("/shortcut/1", "wayne", "standard", "1");
		get("/shortcut/2", "wayne").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals(PredictiveHeaders.REQUESTED_TOKENS, "2");
	}

	@Test
	void contentLengthCostChargesTheBodysBytes() {
		this.client.post()
			.uri("/upload/1")
			.header("X-Tenant-Id", "stark")
			.bodyValue(new byte[600])
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "400");
		this.client.post()
			.uri("/upload/2")
			.header("X-Tenant-Id", "stark")
			.bodyValue(new byte[600])
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void aThrottledRequestIsToldTheWholeSecondsUntilItsCostFitsOnTheWire() {
		// egress-bytes: rate 100/s, burst 1000; 600 bytes leave 400, and 1000 more need
		// 600 more: 6 s
		this.client.post()
			.uri("/upload/1")
			.header("X-Tenant-Id", "oscorp")
			.bodyValue(new byte[600])
			.exchange()
			.expectStatus()
			.isOk();

		this.client.post()
			.uri("/upload/2")
			.header("X-Tenant-Id", "oscorp")
			.bodyValue(new byte[1000])
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals("Retry-After", "6")
			.expectHeader()
			.valueEquals(PredictiveHeaders.RATE_LIMIT, "\"free.egress-bytes\";r=400;t=6")
			.expectBody()
			.jsonPath("$.retryAfter")
			.isEqualTo(6)
			.jsonPath("$.detail")
			.isEqualTo("The request costs 1000 unit(s) of 'egress-bytes', more than the tenant has available now; "
					+ "retry in 6 s.");
	}

	@Test
	void requestsWithoutTenantAreAdmittedAsTheAnonymousTenantWhereConfigured() {
		this.client.get()
			.uri("/anonymous/1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "2");
		this.client.get()
			.uri("/anonymous/2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "1");
	}

	@Test
	void headersCanBeSwitchedOffButRetryAfterStays() {
		for (int i = 0; i < 3; i++) {
			get("/quiet/" + i, "cyberdyne").expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist(PredictiveHeaders.REMAINING);
		}
		get("/quiet/4", "cyberdyne").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectHeader()
			.doesNotExist(PredictiveHeaders.RATE_LIMIT);
	}

	@Test
	void aGatewayKeyResolverBeanCanResolveTheTenant() {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/keyed/1?user=bob").exchange().expectStatus().isOk();
		}
		this.client.get().uri("/keyed/1?user=bob").exchange().expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		this.client.get().uri("/keyed/1?user=alice").exchange().expectStatus().isOk();
	}

	@Test
	void withDenyEmptyTenantOffARequestWithoutTenantPassesUnlimited() {
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/open/" + i)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist(PredictiveHeaders.DECISION);
		}
	}

	@Test
	void aRequestTheFullCapacityGateCannotTakeInItsMaximumWaitIsAnswered503() {
		// time is frozen, so the 'tiny' gate (1 unit/s, holding 1) never refills: the
		// second request waits its
		// class's 200 ms on the queue's real timer and is answered then
		expectAdmitted("/tiny/1", "tyrell", "standard", "99");

		get("/tiny/2", "tyrell").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectHeader()
			.valueEquals(PredictiveHeaders.DECISION, "timed-out")
			.expectHeader()
			.valueMatches(PredictiveHeaders.QUEUED_MS, "2\\d\\d")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:predictive-admission:problem:timed-out")
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.resource")
			.isEqualTo("tiny")
			.jsonPath("$.retryAfter")
			.isEqualTo(1);
		Upstream.server()
			.verify(1, anyRequestedFor(urlPathEqualTo("/tiny/1")).withHeader("X-Tenant-Id", equalTo("tyrell")));
		Upstream.server()
			.verify(0, anyRequestedFor(urlPathEqualTo("/tiny/2")).withHeader("X-Tenant-Id", equalTo("tyrell")));
	}

	@Test
	void aTenantIdLongerThanAllowedIsABadRequest() {
		get("/orders/1", "x".repeat(129)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The tenant id is longer than 128 characters.");
	}

}
