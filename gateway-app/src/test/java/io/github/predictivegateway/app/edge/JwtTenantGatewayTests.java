package io.github.predictivegateway.app.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code predictive.tenant-source=jwt} in the assembled gateway: tokens are validated by
 * Spring Security's resource server against a public key file
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}), and the tenant
 * is their {@code tenant} claim. Tenants {@code t1} and {@code t2} have a plan of 2
 * requests with practically no refill, so limiting is visible in three requests. A
 * second, unrelated key pair forges tokens.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "predictive.tenant-source=jwt",
				"predictive.tenant-jwt.claim=tenant", "predictive.plans.tiny.requests.rate=0.01",
				"predictive.plans.tiny.requests.burst=2", "predictive.tenants.t1.plan=tiny",
				"predictive.tenants.t2.plan=tiny", "predictive.tenants.t3.plan=tiny" })
@Timeout(60)
class JwtTenantGatewayTests {

	private static final TestTokens ISSUER = TestTokens.generate();

	private static final TestTokens FORGER = TestTokens.generate();

	@DynamicPropertySource
	static void publicKey(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> "file:" + ISSUER.writePublicKeyPem());
	}

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static String valid(String tenant) {
		Instant now = Instant.now();
		return ISSUER.sign(Map.of("tenant", tenant), now, now.plus(Duration.ofMinutes(5)));
	}

	private HttpResponse<String> demo(String token, String tenantHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/demo/hello"))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (tenantHeader != null) {
			request.header("X-Tenant-Id", tenantHeader);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aValidTokensClaimIsTheTenantAndIsLimitedPerTenant() throws Exception {
		String t1 = valid("t1");

		HttpResponse<String> first = demo(t1, null);
		HttpResponse<String> second = demo(t1, null);
		HttpResponse<String> third = demo(t1, null);
		HttpResponse<String> otherTenant = demo(valid("t2"), null);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit-Policy"))
			.hasValueSatisfying(policy -> assertThat(policy).startsWith("\"tiny.requests\""));
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(third.statusCode()).isEqualTo(429);
		assertThat(third.headers().firstValue("Retry-After")).isPresent();
		assertThat(otherTenant.statusCode()).isEqualTo(200);
	}

	@Test
	void theTenantHeaderIsIgnoredWhenTenantsComeFromTokens() throws Exception {
		String t3 = valid("t3");
		demo(t3, null);
		demo(t3, null);

		HttpResponse<String> headerOnly = demo(null, "t3-impostor");
		HttpResponse<String> tokenAndOtherHeader = demo(t3, "someone-else");

		assertThat(headerOnly.statusCode()).isEqualTo(403);
		assertThat(tokenAndOtherHeader.statusCode()).isEqualTo(429);
	}

	@Test
	void anExpiredTokenIsUnauthorizedWithABearerChallenge() throws Exception {
		Instant issued = Instant.now().minus(Duration.ofHours(2));
		String expired = ISSUER.sign(Map.of("tenant", "t2"), issued, issued.plus(Duration.ofHours(1)));

		HttpResponse<String> response = demo(expired, null);

		assertUnauthorized(response);
	}

	@Test
	void aTokenSignedByAnotherKeyIsUnauthorized() throws Exception {
		Instant now = Instant.now();
		String forged = FORGER.sign(Map.of("tenant", "t1"), now, now.plus(Duration.ofMinutes(5)));

		assertUnauthorized(demo(forged, null));
	}

	@Test
	void aMalformedTokenIsUnauthorized() throws Exception {
		assertUnauthorized(demo("not-a-jwt", null));
	}

	@Test
	void aValidTokenWithoutTheClaimHasNoTenant() throws Exception {
		Instant now = Instant.now();
		String noClaim = ISSUER.sign(Map.of("scope", "orders"), now, now.plus(Duration.ofMinutes(5)));

		HttpResponse<String> response = demo(noClaim, "t1");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("urn:predictive-admission:problem:missing-tenant");
	}

	@Test
	void aRequestWithoutTokenHasNoTenant() throws Exception {
		HttpResponse<String> response = demo(null, null);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void theActuatorOnTheManagementPortNeedsNoToken() throws Exception {
		HttpRequest health = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(10))
			.build();

		HttpResponse<String> response = this.client.send(health, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	private static void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":401")
			.contains("urn:predictive-admission:problem:invalid-token");
		assertThat(response.headers().firstValue("X-Predictive-Decision")).isEmpty();
	}

}
