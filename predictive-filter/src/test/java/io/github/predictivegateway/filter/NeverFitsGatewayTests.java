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
import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose cost can never be admitted, through real Gateway routes (the
 * {@code filtertest} routes, time frozen): {@code egress-bytes} has a capacity of 100,000
 * bytes/s and a gate burst of 100 ms (10,000 bytes held), the longest queue wait is 300
 * ms, so the gate never admits more than 40,000 bytes at once; the {@code free} plan's
 * burst is 1,000 bytes and one 60 s step can pre-allocate at most 80 % of 6,000,000
 * bytes. Headers only are sent: the gateway answers before reading any body.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@ActiveProfiles("filtertest")
class NeverFitsGatewayTests {

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private PreallocationCycle cycle;

	@Autowired
	private ManualTimeSource time;

	@LocalServerPort
	private int port;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	private String post(String path, String tenant, long contentLength) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(
					("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-Id: " + tenant + "\r\nContent-Length: "
							+ contentLength + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void aCostAboveTheTenantsBurstAndAnyPreallocationIs413WithoutRetryAfter() throws IOException {
		String response = post("/upload/never-tenant", "never-1", 5_000_000);

		assertThat(response).startsWith("HTTP/1.1 413 ")
			.doesNotContainIgnoringCase("Retry-After")
			.contains("\"type\":\"urn:predictive-admission:problem:never-fits\"")
			.contains("\"largest\":4800000")
			.contains("It can never fit");
		Upstream.server().verify(0, anyRequestedFor(urlPathMatching("/upload/never-tenant")));
	}

	@Test
	void aCostAboveWhatTheGateAdmitsWithinTheLongestWaitIs413WithoutRetryAfter() throws IOException {
		String response = post("/upload/never-gate", "never-2", 40_001);

		assertThat(response).startsWith("HTTP/1.1 413 ")
			.doesNotContainIgnoringCase("Retry-After")
			.contains("\"largest\":40000")
			.contains("capacity gate");
		Upstream.server().verify(0, anyRequestedFor(urlPathMatching("/upload/never-gate")));
	}

	@Test
	void aCostAboveTheBurstThatAPreallocationCouldServeIsStillToldToRetryAtTheNextStep() throws IOException {
		long toNextStep = 60 - this.time.now().getEpochSecond() % 60;

		assertThat(post("/upload/next-step", "never-3", 2_000)).startsWith("HTTP/1.1 429 ")
			.contains("Retry-After: " + toNextStep);
	}

	@Test
	void aProblemNamesThePathTheClientAskedForNotTheRewrittenOne() throws IOException {
		String response = post("/client/big?x=1", "never-4", 5_000_000);

		assertThat(response).startsWith("HTTP/1.1 413 ").contains("\"instance\":\"/client/big\"");
		Upstream.server().verify(0, anyRequestedFor(urlPathMatching("/(client|backend)/big")));
	}

}
