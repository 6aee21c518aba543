package io.github.predictivegateway.app.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security is on the gateway's classpath (for JWT tenants), yet in the default
 * header mode the gateway behaves as if it were not: no login challenge, no session
 * cookie, no security headers added to what the route answers, the actuator open on the
 * management port, and a bearer token is neither required nor checked. Spring Security is
 * not set up at all: no security filter chain runs on any exchange.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0" })
@Timeout(60)
class PassThroughSecurityTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private ApplicationContext context;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void noSecurityFilterChainIsSetUpInHeaderMode() {
		assertThat(this.context.getBeanNamesForType(WebFilterChainProxy.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SecurityWebFilterChain.class)).isEmpty();
	}

	@Test
	void theDemoRouteAnswersWithoutAnythingAddedBySpringSecurity() throws Exception {
		HttpResponse<String> response = get(this.port, "/demo/hello", "X-Tenant-Id", "pass-through");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().map().keySet()).noneMatch(
				name -> name.equalsIgnoreCase("X-Frame-Options") || name.equalsIgnoreCase("X-Content-Type-Options")
						|| name.equalsIgnoreCase("Cache-Control") || name.equalsIgnoreCase("Pragma")
						|| name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("WWW-Authenticate"));
	}

	@Test
	void aBearerTokenIsNotCheckedInHeaderMode() throws Exception {
		HttpResponse<String> response = get(this.port, "/demo/hello", "X-Tenant-Id", "pass-through-bearer",
				"Authorization", "Bearer not-a-jwt");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void aPathWithASemicolonIsRefusedByTheStrictFirewallByDefault() throws Exception {
		HttpResponse<String> response = get(this.port, "/demo/hello;v=1", "X-Tenant-Id", "pass-through-firewall");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("X-Predictive-Decision")).isEmpty();
	}

	@Test
	void withoutTenantTheFiltersRuleStillApplies() throws Exception {
		assertThat(get(this.port, "/demo/hello").statusCode()).isEqualTo(403);
	}

	@Test
	void theActuatorAndItsProbeGroupsAreOpenOnTheManagementPort() throws Exception {
		assertThat(get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		HttpResponse<String> readiness = get(this.managementPort, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"UP\"");
	}

}
