package io.github.predictivegateway.sidecar.api;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input the intake and the history can get, over HTTP, each answered
 * {@code 400} (or {@code 413} for too much) with a problem body that names the field or
 * parameter, never {@code 500}, and with no stack trace in the sidecar's log. A small
 * body limit (32 KiB) and record limit (10), so that too large is cheap to send.
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h", "sidecar.max-batch-records=10",
				"spring.http.codecs.max-in-memory-size=32KB" })
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(OutputCaptureExtension.class)
class BadInputApiTests {

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

	private static String record(String tenant, String attempted, String units) {
		return """
				{"tenant": "%s", "resource": "db", "stepStart": "%s", "attempted": %s, "admitted": 0,
				 "throttled": 0, "units": %s}""".formatted(tenant, step(), attempted, units);
	}

	private WebTestClient.BodyContentSpec post(String json, int status) {
		return this.client.post()
			.uri("/v1/usage")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	private void expectNoHistory(String tenant) {
		this.client.get().uri("/v1/history?tenant={t}&resource=db", tenant).exchange().expectStatus().isNotFound();
	}

	@AfterEach
	void noStackTraceAndNoServerError(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain(" ERROR ");
	}

	@Test
	void aBatchWithoutInstanceIsABadRequestNamingIt() {
		post("{\"records\": [" + record("no-instance", "1", "1") + "]}", 400).jsonPath("$.errors[0]")
			.isEqualTo("instance is missing or blank");
		expectNoHistory("no-instance");
	}

	@Test
	void malformedJsonIsABadRequestSayingWhereItBreaks() {
		post("{\"instance\": \"gw-1\", \"records\": [", 400).jsonPath("$.errors[0]")
			.value(error -> assertThat((String) error)
				.startsWith("not a usage batch: the body is not valid JSON at line 1, column "));
	}

	@Test
	void aBareNanIsABadRequestNamingTheField() {
		post("{\"instance\": \"gw-1\", \"records\": [" + record("bare-nan", "1", "NaN") + "]}", 400)
			.jsonPath("$.errors[0]")
			.isEqualTo("records[0].units is NaN; it must be a finite number from 0 to 1e15");
		expectNoHistory("bare-nan");
	}

	@Test
	void recordsAsAStringIsABadRequestNamingTheField() {
		post("{\"instance\": \"gw-1\", \"records\": \"everything\"}", 400).jsonPath("$.field")
			.isEqualTo("records")
			.jsonPath("$.errors[0]")
			.value(error -> assertThat((String) error).startsWith("not a usage batch: records must be an array"));
	}

	@Test
	void aFractionalCountIsABadRequestNamingTheFieldNotTruncated() {
		post("{\"instance\": \"gw-1\", \"records\": [" + record("fraction", "2.5", "2") + "]}", 400).jsonPath("$.field")
			.isEqualTo("records[0].attempted")
			.jsonPath("$.errors[0]")
			.value(error -> assertThat((String) error)
				.startsWith("not a usage batch: records[0].attempted must be a whole number"));
		expectNoHistory("fraction");
	}

	@Test
	void aNumberAsInstanceIsABadRequestNamingTheField() {
		post("{\"instance\": 5, \"records\": [" + record("numeric-instance", "1", "1") + "]}", 400).jsonPath("$.field")
			.isEqualTo("instance")
			.jsonPath("$.errors[0]")
			.value(error -> assertThat((String) error).startsWith("not a usage batch: instance must be a string"));
		expectNoHistory("numeric-instance");
	}

	@Test
	void anEmptyBodyIsABadRequest() {
		this.client.post()
			.uri("/v1/usage")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0]")
			.isEqualTo("the body is empty: it must be a JSON object with 'instance' and 'records'");
	}

	@Test
	void aBodyOverTheLimitIsContentTooLargeWithTheLimit() {
		String padding = "x".repeat(40 * 1024);
		post("{\"instance\": \"gw-1\", \"padding\": \"" + padding + "\", \"records\": []}", 413).jsonPath("$.detail")
			.isEqualTo("The body is larger than the sidecar takes: at most 32768 bytes "
					+ "(spring.http.codecs.max-in-memory-size). Send usage in smaller batches.")
			.jsonPath("$.limit")
			.isEqualTo(32768);
	}

	@Test
	void aBatchOfMoreRecordsThanTheLimitIsContentTooLargeNamingRecords() {
		StringBuilder records = new StringBuilder();
		for (int i = 0; i < 11; i++) {
			records.append((i > 0) ? "," : "").append(record("many-" + i, "1", "1"));
		}
		post("{\"instance\": \"gw-1\", \"records\": [" + records + "]}", 413).jsonPath("$.field")
			.isEqualTo("records")
			.jsonPath("$.detail")
			.isEqualTo("records has 11 entries; at most 10 per batch (sidecar.max-batch-records): "
					+ "send them in smaller batches");
		expectNoHistory("many-0");
	}

	@Test
	void aNegativeStepsIsABadRequestNamingTheParameter() {
		this.client.get()
			.uri("/v1/history?tenant=acme&resource=db&steps=-1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("steps")
			.jsonPath("$.detail")
			.isEqualTo("steps is -1; it must be from 1 to 100000");
	}

	@Test
	void stepsThatIsNotANumberIsABadRequestNamingTheParameter() {
		this.client.get()
			.uri("/v1/history?tenant=acme&resource=db&steps=abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("steps")
			.jsonPath("$.detail")
			.isEqualTo("steps is 'abc'; it must be a whole number from 1 to 100000");
	}

	@Test
	void aMissingTenantIsABadRequestNamingTheParameter() {
		this.client.get()
			.uri("/v1/history?resource=db")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("tenant");
	}

}
