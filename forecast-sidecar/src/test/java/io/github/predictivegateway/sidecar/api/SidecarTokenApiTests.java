package io.github.predictivegateway.sidecar.api;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sidecar started with {@code sidecar.token}: its write endpoints need
 * {@code Authorization: Bearer <token>}, its read endpoints do not, and the token appears
 * in none of its output (logged at DEBUG for the web layer and this project, captured
 * from before the context starts).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h",
				"sidecar.token=" + SidecarTokenApiTests.TOKEN, "logging.level.io.github.predictivegateway=DEBUG",
				"logging.level.org.springframework.web=DEBUG", "management.endpoints.web.exposure.include=*" })
@AutoConfigureWebTestClient(timeout = "30s")
class SidecarTokenApiTests {

	static final String TOKEN = "tok-7f3a9c1e5b2d";

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("sidecar.data-dir", () -> dir.resolve("data").toString());
		registry.add("sidecar.model-dir", () -> dir.resolve("models").toString());
	}

	@Autowired
	private WebTestClient client;

	private static String batch(String tenant) {
		String step = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 - 2) * 60).toString();
		return """
				{"instance": "gw-1", "records": [{"tenant": "%s", "resource": "db", "stepStart": "%s",
				  "attempted": 3, "admitted": 3, "throttled": 0, "units": 3}]}
				""".formatted(tenant, step);
	}

	private WebTestClient.ResponseSpec postUsage(String authorization) {
		return postUsage("acme", authorization);
	}

	private WebTestClient.ResponseSpec postUsage(String tenant, String authorization) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri("/v1/usage")
			.contentType(MediaType.APPLICATION_JSON);
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.bodyValue(batch(tenant)).exchange();
	}

	private static void assertUnauthorized(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"forecast-sidecar\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:predictive-admission:problem:invalid-sidecar-token")
			.jsonPath("$.status")
			.isEqualTo(401);
	}

	@Test
	void usageWithoutTheTokenIsUnauthorizedAndNotStored() {
		assertUnauthorized(postUsage("intruded", null));
		this.client.get().uri("/v1/history?tenant=intruded&resource=db").exchange().expectStatus().isNotFound();
	}

	@Test
	void usageWithAWrongTokenIsUnauthorized() {
		assertUnauthorized(postUsage("Bearer tok-7f3a9c1e5b2e"));
	}

	@Test
	void usageWithTheTokenIsAccepted() {
		postUsage("Bearer " + TOKEN).expectStatus().isAccepted();
	}

	@Test
	void historyImportAndRetrainNeedTheTokenToo() {
		assertUnauthorized(this.client.post()
			.uri("/v1/history/import?tenant=acme&resource=db")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue("timestamp,value\n2026-01-01 00:00:00,1\n")
			.exchange());
		assertUnauthorized(this.client.post().uri("/v1/retrain").exchange());
	}

	@Test
	void aPathParameterDoesNotSlipPastTheToken() {
		assertUnauthorized(this.client.post()
			.uri("/v1/usage;x=1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch("acme"))
			.exchange());
	}

	@Test
	void forecastsAreReadWithoutTheToken() {
		this.client.get().uri("/v1/forecasts").exchange().expectStatus().isOk();
	}

	@Test
	void theTokenAppearsNeitherInTheOutputNorInTheEnvironmentEndpoint(CapturedOutput output) {
		postUsage("Bearer " + TOKEN).expectStatus().isAccepted();
		postUsage("Bearer wrong").expectStatus().isUnauthorized();
		String env = this.client.get()
			.uri("/actuator/env/sidecar.token")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(output.getAll()).contains("Sidecar write endpoints require the shared token").doesNotContain(TOKEN);
		assertThat(env).doesNotContain(TOKEN);
	}

}
