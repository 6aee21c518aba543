package io.github.predictivegateway.usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

}
