package io.github.predictivegateway.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests written to get something for nothing, through real Gateway routes (the
 * {@code filtertest} routes, time frozen): a blank tenant, a {@code Content-Length} that
 * overflows, is negative or is not a number, and headers that try to pick their own
 * decision, plan or remaining tokens, and an upstream answering with such headers of its
 * own. Each test uses tenants of its own.
 *
 * <p>
 * A malformed {@code Content-Length} never gets as far as the filter: Reactor Netty's
 * HTTP/1.1 decoder answers it {@code 400} (without a body) and closes the connection;
 * {@link RequestCost}'s own check ({@code 400} problem body, {@code RequestCostTests}) is
 * the second line for servers and codecs that let such a header through.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class HostileRequestGatewayTests {

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@LocalServerPort
	private int port;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	/**
	 * One raw HTTP/1.1 request, so that the headers are exactly what a hostile client
	 * sends.
	 * @return the whole response: status line, headers and body
	 */
	private String raw(String method, String path, String headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private String postWithLength(String path, String tenant, String contentLength) throws IOException {
		return raw("POST", path, "X-Tenant-Id: " + tenant + "\r\nContent-Length: " + contentLength + "\r\n");
	}

	@Test
	void aBlankTenantIdIsAMissingTenant() throws IOException {
		assertThat(raw("GET", "/orders/blank", "X-Tenant-Id: \t  \r\n")).startsWith("HTTP/1.1 403 ")
			.contains("urn:predictive-admission:problem:missing-tenant");
		assertThat(raw("GET", "/orders/empty", "X-Tenant-Id:\r\n")).startsWith("HTTP/1.1 403 ");
	}

	@Test
	void aTenantIdWithAControlCharacterIsABadRequestAndNeverReachesTheUpstream() throws IOException {
		// a tab, and U+0085 (NEL, the UTF-8 bytes C2 85), are legal in a header value
		// but would poison a usage batch
		assertThat(raw("GET", "/orders/tab", "X-Tenant-Id: a\tb\r\n")).startsWith("HTTP/1.1 400 ")
			.contains("The tenant id contains control characters.");
		assertThat(raw("GET", "/orders/nel", "X-Tenant-Id: a\u00c2\u0085b\r\n")).startsWith("HTTP/1.1 400 ")
			.contains("The tenant id contains control characters.");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/orders/tab")));
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/orders/nel")));
	}

	@Test
	void aContentLengthBeyondALongIsABadRequestAndNeverReachesTheUpstream() throws IOException {
		assertThat(postWithLength("/upload/overflow", "hostile-1", "99999999999999999999")).startsWith("HTTP/1.1 400 ");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/upload/overflow")));
	}

	@Test
	void aNegativeContentLengthIsABadRequestAndNeverReachesTheUpstream() throws IOException {
		assertThat(postWithLength("/upload/negative", "hostile-2", "-1")).startsWith("HTTP/1.1 400 ");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/upload/negative")));
	}

	@Test
	void aContentLengthThatIsNotANumberIsABadRequestAndNeverReachesTheUpstream() throws IOException {
		assertThat(postWithLength("/upload/nan", "hostile-3", "2x")).startsWith("HTTP/1.1 400 ");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/upload/nan")));
	}

	@Test
	void headersSentByTheClientChooseNeitherTheDecisionNorThePlanNorTheRemainingTokens() {
		// 'free' on db: burst 2, frozen time; the client claims a pre-allocated decision,
		// the gold plan, shadow mode
		for (int i = 0; i < 3; i++) {
			WebTestClient.ResponseSpec response = this.client.get()
				.uri("/orders/forged-" + i)
				.header("X-Tenant-Id", "forger")
				.header(PredictiveHeaders.DECISION, "preallocated")
				.header(PredictiveHeaders.SHADOW, "true")
				.header(PredictiveHeaders.REMAINING, "1000")
				.header(PredictiveHeaders.BURST_CAPACITY, "1000")
				.header("X-Plan", "gold")
				.header("X-Predictive-Plan", "gold")
				.exchange();
			if (i < 2) {
				response.expectStatus()
					.isOk()
					.expectHeader()
					.valuesMatch(PredictiveHeaders.DECISION, "standard")
					.expectHeader()
					.valuesMatch(PredictiveHeaders.REMAINING, Integer.toString(1 - i))
					.expectHeader()
					.valuesMatch(PredictiveHeaders.BURST_CAPACITY, "2")
					.expectHeader()
					.doesNotExist(PredictiveHeaders.SHADOW);
			}
			else {
				response.expectStatus()
					.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
					.expectHeader()
					.valuesMatch(PredictiveHeaders.DECISION, "throttled")
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			}
		}
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/orders/forged-2")));
	}

	@Test
	void anUpstreamCannotAddADecisionOrRemainingTokensOfItsOwn() {
		Upstream.server()
			.stubFor(get(urlPathEqualTo("/orders/upstream-claims")).atPriority(1)
				.willReturn(aResponse().withStatus(200)
					.withHeader(PredictiveHeaders.DECISION, "preallocated")
					.withHeader(PredictiveHeaders.REMAINING, "999")
					.withHeader("X-Upstream", "kept")));

		this.client.get()
			.uri("/orders/upstream-claims")
			.header("X-Tenant-Id", "upstream-claims")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.values(PredictiveHeaders.DECISION, values -> assertThat(values).containsExactly("standard"))
			.expectHeader()
			.values(PredictiveHeaders.REMAINING, values -> assertThat(values).containsExactly("1"))
			.expectHeader()
			.valueEquals("X-Upstream", "kept");
	}

}
