package io.github.predictivegateway.app.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The public port over TLS with HTTP/2, as README's "Deploying at the edge" configures
 * it: a real HTTP/2 client (the JDK's, negotiating h2 by ALPN) trusting only a
 * certificate made for this test. Requests are admitted and throttled exactly as over
 * plain HTTP/1.1: tenant {@code edge} has a plan of 2 requests and practically no refill,
 * so the first two pass and the third is answered 429 with {@code Retry-After}.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "server.http2.enabled=true",
				"predictive.plans.tiny.requests.rate=0.01", "predictive.plans.tiny.requests.burst=2",
				"predictive.tenants.edge.plan=tiny" })
@Timeout(60)
class Http2TlsGatewayTests {

	private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.generate();

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		for (String property : CERTIFICATE.serverProperties()) {
			int eq = property.indexOf('=');
			registry.add(property.substring(0, eq), () -> property.substring(eq + 1));
		}
	}

	@LocalServerPort
	private int port;

	private HttpResponse<String> get(HttpClient client, String tenant) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/demo/hello"))
			.header("X-Tenant-Id", tenant)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpClient http2Client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.sslContext(CERTIFICATE.trustingClientContext())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void anHttp2RequestOverTlsIsAdmittedThenThrottledLikeAnyOther() throws Exception {
		HttpClient client = http2Client();

		HttpResponse<String> first = get(client, "edge");
		HttpResponse<String> second = get(client, "edge");
		HttpResponse<String> third = get(client, "edge");

		assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-Predictive-Decision")).hasValue("standard");
		assertThat(first.body()).contains("\"backend\":\"demo\"");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(third.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(third.statusCode()).isEqualTo(429);
		assertThat(third.headers().firstValue("Retry-After"))
			.hasValueSatisfying(retryAfter -> assertThat(Long.parseLong(retryAfter)).isPositive());
		assertThat(third.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(third.body()).contains("urn:predictive-admission:problem:throttled");
	}

	@Test
	void anotherTenantOnTheSameConnectionIsNotThrottledByTheFirst() throws Exception {
		HttpClient client = http2Client();
		for (int i = 0; i < 3; i++) {
			get(client, "edge-noisy");
		}

		HttpResponse<String> quiet = get(client, "edge-quiet");

		assertThat(quiet.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(quiet.statusCode()).isEqualTo(200);
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
		HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> get(untrusting, "edge"));
	}

	@Test
	void plainHttpOnTheTlsPortGetsNoGatewayResponse() {
		HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/demo/hello"))
			.header("X-Tenant-Id", "edge-plain")
			.timeout(Duration.ofSeconds(5))
			.build();

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
	}

}
