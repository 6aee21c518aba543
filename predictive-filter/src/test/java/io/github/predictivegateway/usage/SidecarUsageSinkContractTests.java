package io.github.predictivegateway.usage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The usage sink's contract for the sidecar's {@code POST /v1/usage}, against a WireMock
 * sidecar that accepts every batch ({@code 202}); what reached it is what it recorded.
 */
class SidecarUsageSinkContractTests extends UsageSinkContractTests {

	private final WireMockServer sidecar = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@BeforeEach
	void start() {
		this.sidecar.start();
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).willReturn(aResponse().withStatus(202)));
	}

	@AfterEach
	void stop() {
		this.sidecar.stop();
	}

	@Override
	protected UsageSink sink() {
		return sink(URI.create(this.sidecar.baseUrl()));
	}

	/** A sidecar address where nothing listens: a loopback port just released. */
	@Override
	protected UsageSink unreachableSink() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return sink(URI.create("http://127.0.0.1:" + socket.getLocalPort()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static UsageSink sink(URI sidecar) {
		return new SidecarUsageSink(HttpClient.newHttpClient(), sidecar, Duration.ofSeconds(5));
	}

	@Override
	protected List<byte[]> received() {
		return this.sidecar.findAll(postRequestedFor(urlEqualTo("/v1/usage")))
			.stream()
			.map(LoggedRequest::getBody)
			.toList();
	}

}
