package io.github.predictivegateway.sidecar.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar's HTTP API on a real server with its own data and model directories, on the
 * real clock (steps of 60 s; the usage sent is for recent steps).
 */
@SpringBootTest(classes = SidecarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sidecar.retrain-initial-delay=1h" })
@AutoConfigureWebTestClient
class SidecarApiTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("sidecar.data-dir", () -> dir.resolve("data").toString());
		registry.add("sidecar.model-dir", () -> dir.resolve("models").toString());
	}

	@Autowired
	private WebTestClient client;

	private static String stepStart(int stepsAgo) {
		long now = Instant.now().getEpochSecond();
		return Instant.ofEpochSecond((now / 60 - stepsAgo) * 60).toString();
	}

	private static String batch(String instance, String tenant, String stepStart, int attempted) {
		return """
				{"instance": "%s", "records": [{"tenant": "%s", "resource": "db", "stepStart": "%s",
				  "attempted": %d, "admitted": %d, "preallocated": 0, "throttled": 0, "units": %d,
				  "bytes": 0, "durationMsSum": 0, "durationMsMax": 0}]}
				""".formatted(instance, tenant, stepStart, attempted, attempted, attempted);
	}

	private WebTestClient.ResponseSpec post(String json) {
		return this.client.post().uri("/v1/usage").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
	}

	@Test
	void aBatchIsAcceptedAndAResentBatchCountsOnce() {
		String step = stepStart(2);
		post(batch("gw-1", "hooli", step, 5)).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(1);
		post(batch("gw-2", "hooli", step, 3)).expectStatus().isAccepted();

		post(batch("gw-1", "hooli", step, 5)).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.replaced")
			.isEqualTo(1);

		this.client.get()
			.uri("/v1/history?tenant=hooli&resource=db")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.steps[-1].start")
			.isEqualTo(step)
			.jsonPath("$.steps[-1].demand")
			.isEqualTo(8.0);
	}

	@Test
	void theHistoryShowsRequestBytesAndUpstreamDurations() {
		String step = stepStart(2);
		post("""
				{"instance": "gw-1", "records": [{"tenant": "pendant", "resource": "db", "stepStart": "%s",
				  "attempted": 4, "admitted": 4, "preallocated": 0, "throttled": 0, "units": 4,
				  "bytes": 4096, "durationMsSum": 80.5, "durationMsMax": 40}]}
				""".formatted(step)).expectStatus().isAccepted();
		post("""
				{"instance": "gw-2", "records": [{"tenant": "pendant", "resource": "db", "stepStart": "%s",
				  "attempted": 1, "admitted": 1, "preallocated": 0, "throttled": 0, "units": 1,
				  "bytes": 1024, "durationMsSum": 55, "durationMsMax": 55}]}
				""".formatted(step)).expectStatus().isAccepted();

		this.client.get()
			.uri("/v1/history?tenant=pendant&resource=db")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.steps[?(@.start == '%s')].bytes".formatted(step))
			.isEqualTo(List.of(5120))
			.jsonPath("$.steps[?(@.start == '%s')].durationMsSum".formatted(step))
			.isEqualTo(List.of(135.5))
			.jsonPath("$.steps[?(@.start == '%s')].durationMsMax".formatted(step))
			.isEqualTo(List.of(55.0));
	}

	@Test
	void anInvalidBatchIsRefusedWithEveryErrorAndNothingIsStored() {
		String json = """
				{"instance": "gw-1", "records": [
				  {"tenant": "initech", "resource": "db", "stepStart": "%s", "attempted": 1, "admitted": 1,
				   "throttled": 0, "units": 1},
				  {"tenant": "initech", "resource": "db", "stepStart": "%s", "attempted": -4, "admitted": 1,
				   "throttled": 0, "units": 1}]}
				""".formatted(stepStart(3), stepStart(2));

		post(json).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0]")
			.isEqualTo("records[1].attempted is -4; it must not be negative");
		this.client.get().uri("/v1/history?tenant=initech&resource=db").exchange().expectStatus().isNotFound();
	}

	/**
	 * 10,000 records (sidecar.max-batch-records) of distinct 128-character tenant ids:
	 * about 2.5 MB, far over Spring's default 256 KiB body limit, within the 20 MB the
	 * sidecar sets (spring.http.codecs.max-in-memory-size).
	 */
	@Test
	void aBatchOfTheMostRecordsWithLongTenantIdsIsAccepted() {
		String step = stepStart(2);
		StringBuilder json = new StringBuilder("{\"instance\": \"gw-long\", \"records\": [");
		for (int i = 0; i < 10_000; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"tenant\": \"")
				.append("long-%0123d".formatted(i))
				.append("\", \"resource\": \"db\", \"stepStart\": \"")
				.append(step)
				.append("\", \"attempted\": 1, \"admitted\": 1, \"throttled\": 0, \"units\": 1}");
		}
		json.append("]}");
		assertThat(json.length()).isGreaterThan(2_000_000);

		post(json.toString()).expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(10_000);
	}

	@Test
	void aBodyThatIsNotJsonIsABadRequest() {
		post("{\"instance\": \"gw-1\", \"records\": [").expectStatus().isBadRequest();
	}

	@Test
	void forecastsComeWithAnEntityTagAndAreNotSentAgainUnchanged() {
		StringBuilder csv = new StringBuilder("timestamp,value\n");
		Random random = new Random(3);
		int steps = 3 * 1440;
		for (int i = steps; i >= 1; i--) {
			double level = 20
					* (1.5 + Math.sin(2 * Math.PI * ((Instant.now().getEpochSecond() / 60 - i) % 1440) / 1440));
			csv.append(stepStart(i).replace("T", " ").replace("Z", ""))
				.append(',')
				.append(Math.max(0, Math.round(level + 3 * random.nextGaussian())))
				.append('\n');
		}
		this.client.post()
			.uri("/v1/history/import?tenant=umbrella&resource=db")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv.toString())
			.exchange()
			.expectStatus()
			.isAccepted();
		// retraining takes seconds on a loaded machine: longer than WebTestClient's
		// default 5 s
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(120))
			.build()
			.post()
			.uri("/v1/retrain")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.promoted")
			.value(promoted -> assertThat(((Number) promoted).intValue()).isGreaterThanOrEqualTo(1));

		String etag = this.client.get()
			.uri("/v1/forecasts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.step")
			.isEqualTo("PT1M")
			.jsonPath("$.series[?(@.tenant == 'umbrella')].points.length()")
			.isEqualTo(12)
			.returnResult()
			.getResponseHeaders()
			.getETag();

		assertThat(etag).isNotBlank();
		this.client.get()
			.uri("/v1/forecasts")
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_MODIFIED);
		this.client.get()
			.uri("/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.tenant == 'umbrella')].version")
			.isEqualTo(1);
	}

	@Test
	void historyOfASecondTenantOlderThanTheDedupeWindowIsImported() {
		post(batch("gw-1", "kramerica", stepStart(2), 5)).expectStatus().isAccepted();
		String csv = "timestamp,value\n" + stepStart(300).replace("T", " ").replace("Z", "") + ",7\n"
				+ stepStart(299).replace("T", " ").replace("Z", "") + ",8\n";

		this.client.post()
			.uri("/v1/history/import?tenant=vandelay&resource=db")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(2)
			.jsonPath("$.tooOld")
			.isEqualTo(0);
	}

	@Test
	void aCsvWithoutAValueColumnIsRefused() {
		this.client.post()
			.uri("/v1/history/import?tenant=acme&resource=db")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue("timestamp\n2026-01-01 00:00:00\n")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

}
