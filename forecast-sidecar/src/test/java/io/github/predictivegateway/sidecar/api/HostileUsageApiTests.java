package io.github.predictivegateway.sidecar.api;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Usage batches written to break the intake, over HTTP: values JSON cannot hold in a
 * record's type, NaN smuggled in as a string, and fields the sidecar does not know. Each
 * test uses a tenant of its own.
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h" })
@AutoConfigureWebTestClient(timeout = "30s")
class HostileUsageApiTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("sidecar.data-dir", () -> dir.resolve("data").toString());
		registry.add("sidecar.model-dir", () -> dir.resolve("models").toString());
	}

	@Autowired
	private WebTestClient client;

	private static String step() {
		return Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 - 2) * 60).toString();
	}

	private WebTestClient.ResponseSpec post(String json) {
		return this.client.post().uri("/v1/usage").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
	}

	private void expectNoHistory(String tenant) {
		this.client.get().uri("/v1/history?tenant={t}&resource=db", tenant).exchange().expectStatus().isNotFound();
	}

	@Test
	void fieldsTheSidecarDoesNotKnowAreIgnoredAndTheRecordIsStored() {
		post("""
				{"instance": "gw-1", "region": "eu", "records": [{"tenant": "newer", "resource": "db",
				  "stepStart": "%s", "attempted": 4, "admitted": 4, "throttled": 0, "units": 4,
				  "priority": "high", "plan": "gold"}]}
				""".formatted(step())).expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(1);
	}

	@Test
	void aCountBeyondALongIsABadRequestAndNothingIsStored() {
		post("""
				{"instance": "gw-1", "records": [{"tenant": "overflow", "resource": "db", "stepStart": "%s",
				  "attempted": 99999999999999999999, "admitted": 0, "throttled": 0, "units": 1}]}
				""".formatted(step())).expectStatus().isBadRequest();
		expectNoHistory("overflow");
	}

	@Test
	void aCountTooLargeToSumIsRefusedNamingTheField() {
		post("""
				{"instance": "gw-1", "records": [{"tenant": "huge", "resource": "db", "stepStart": "%s",
				  "attempted": 9223372036854775807, "admitted": 0, "throttled": 0, "units": 1}]}
				""".formatted(step())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0]")
			.isEqualTo("records[0].attempted is 9223372036854775807; it must be at most 1000000000000000");
		expectNoHistory("huge");
	}

	@Test
	void notANumberSentAsAStringIsRefused() {
		post("""
				{"instance": "gw-1", "records": [{"tenant": "nan", "resource": "db", "stepStart": "%s",
				  "attempted": 1, "admitted": 1, "throttled": 0, "units": "NaN"}]}
				""".formatted(step())).expectStatus().isBadRequest();
		expectNoHistory("nan");
	}

	@Test
	void aNegativeUnitsIsRefusedNamingTheField() {
		post("""
				{"instance": "gw-1", "records": [{"tenant": "negative", "resource": "db", "stepStart": "%s",
				  "attempted": 1, "admitted": 1, "throttled": 0, "units": -1e308}]}
				""".formatted(step())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0]")
			.isEqualTo("records[0].units is -1.0E308; it must be a finite number from 0 to 1e15");
		expectNoHistory("negative");
	}

}
