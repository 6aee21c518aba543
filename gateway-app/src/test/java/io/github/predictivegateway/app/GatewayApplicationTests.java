package io.github.predictivegateway.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The application as a new user starts it: the embedded default plus an extra
 * configuration file with a route to a local upstream, with the engine's clock standing
 * still (a {@link ManualTimeSource}), so that buckets do not refill while a burst is
 * decided, however long a loaded machine takes to send it. Twenty requests fired at once
 * by a tenant on a {@code rate: 5, burst: 5} plan: exactly five get through, the rest are
 * throttled and told to retry in 1 s (a token every 200 ms).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"spring.config.additional-location=classpath:extra-routes.yml" })
@Import(GatewayApplicationTests.FrozenClock.class)
class GatewayApplicationTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class FrozenClock {

		@Bean
		ManualTimeSource frozenTimeSource() {
			return new ManualTimeSource(Instant.now());
		}

	}

	private static final WireMockServer UPSTREAM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		if (!UPSTREAM.isRunning()) {
			UPSTREAM.start();
			UPSTREAM.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("orders")));
		}
		registry.add("upstream.url", () -> "http://127.0.0.1:" + UPSTREAM.port());
	}

	@AfterAll
	static void stopUpstream() {
		UPSTREAM.stop();
	}

	@LocalServerPort
	private int port;

	private record Answer(int status, String retryAfter) {
	}

	private List<Answer> burst(String tenant, int requests) {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		return Flux.range(0, requests)
			.flatMap(i -> client.get()
				.uri("/orders/" + i)
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody()
					.thenReturn(new Answer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst("Retry-After")))),
					requests)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	@Test
	void twentyRequestsAtOnceOnARateFiveBurstFivePlanGetAboutFiveThrough() {
		List<Answer> answers = burst("newcomer", 20);

		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(byStatus).containsOnly(entry(200, 5L), entry(429, 15L));
		assertThat(answers).filteredOn(a -> a.status() == 429)
			.allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
	}

	@Test
	void aSecondTenantIsUnaffectedByTheFirstsBurst() {
		burst("noisy", 20);

		List<Answer> quiet = burst("quiet", 3);

		assertThat(quiet).extracting(Answer::status).containsOnly(200);
	}

}
