package io.github.predictivegateway.app.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code predictive.edge.request-firewall.enabled=false} a path Spring Security's
 * strict firewall refuses (see {@link PassThroughSecurityTests}) is routed and limited
 * like any other.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.edge.request-firewall.enabled=false" })
@Timeout(60)
class RequestFirewallOffTests {

	@LocalServerPort
	private int port;

	@Test
	void aPathWithASemicolonIsRoutedAndDecided() throws Exception {
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/demo/hello;v=1"))
				.header("X-Tenant-Id", "firewall-off")
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Predictive-Decision")).hasValue("standard");
	}

}
