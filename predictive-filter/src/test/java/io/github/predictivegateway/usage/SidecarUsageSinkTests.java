package io.github.predictivegateway.usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Publishing to a WireMock sidecar that, like a sidecar with {@code sidecar.token},
 * accepts a batch only with {@code Authorization: Bearer s3cr3t} and answers {@code 401}
 * otherwise.
 */
class SidecarUsageSinkTests {

	private WireMockServer sidecar;

	private final List<StepUsage> records = List
		.of(new StepUsage("acme", "db", Instant.parse("2026-11-30T09:00:00Z"), 4, 3, 1, 1, 4, 0, 0, 0));

	@BeforeEach
	void start() {
		this.sidecar = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		this.sidecar.start();
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).atPriority(2).willReturn(aResponse().withStatus(401)));
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer s3cr3t"))
			.willReturn(aResponse().withStatus(202).withBody("{\"accepted\":1,\"replaced\":0,\"tooOld\":0}")));
	}

	@AfterEach
	void stop() {
		this.sidecar.stop();
	}

	private SidecarUsageSink sink(String token) {
		return new SidecarUsageSink(HttpClient.newHttpClient(), URI.create(this.sidecar.baseUrl()),
				Duration.ofSeconds(5), token);
	}

	@Test
	void aBatchCarriesTheSidecarTokenAsABearerToken() {
		assertThat(sink("s3cr3t").publish("gw-1", this.records).block()).isEqualTo(UsageSink.Result.ACCEPTED);

		this.sidecar.verify(1,
				postRequestedFor(urlEqualTo("/v1/usage")).withHeader("Authorization", equalTo("Bearer s3cr3t")));
	}

	@Test
	void withoutTheTokenTheRefusedBatchIsAnErrorToRetryNotARejection() {
		assertThatIllegalStateException().isThrownBy(() -> sink(null).publish("gw-1", this.records).block())
			.withMessageContaining("401");
	}

	@Test
	void a413IsTooLargeNotAnErrorToRetryUnchanged() {
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).atPriority(0)
			.willReturn(aResponse().withStatus(413)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("{\"title\":\"Content Too Large\",\"status\":413}")));

		assertThat(sink("s3cr3t").publish("gw-1", this.records).block()).isEqualTo(UsageSink.Result.TOO_LARGE);
	}

	@Test
	void a400NamesTheInvalidRecordsByIndexWithTheirFirstError() {
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).atPriority(0)
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("{\"title\":\"Invalid usage\",\"status\":400,\"errors\":["
						+ "\"records[0].attempted is -4; it must not be negative\","
						+ "\"records[0].units is -1.0; it must be a finite number from 0 to 1e15\","
						+ "\"records[2].tenant is missing or blank\"]}")));

		UsageSink.Result result = sink("s3cr3t").publish("gw-1", this.records).block();

		assertThat(result.kind()).isEqualTo(UsageSink.Kind.REJECTED);
		assertThat(result.invalid()).containsOnly(Map.entry(0, "records[0].attempted is -4; it must not be negative"),
				Map.entry(2, "records[2].tenant is missing or blank"));
		assertThat(result.errors()).hasSize(3);
	}

	@Test
	void a400WithoutABodyRejectsTheBatchAsAWhole() {
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).atPriority(0).willReturn(aResponse().withStatus(400)));

		assertThat(sink("s3cr3t").publish("gw-1", this.records).block()).isEqualTo(UsageSink.Result.REJECTED);
	}

}
