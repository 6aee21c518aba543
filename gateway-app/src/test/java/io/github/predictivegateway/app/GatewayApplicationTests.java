package io.github.predictivegateway.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a new user starts it: the embedded default plus an extra
 * configuration file with a route to a local upstream, on the real clock. Twenty requests
 * fired at once by a tenant on a {@code rate: 5, burst: 5} plan: five get through, plus
 * one for every 200 ms the burst takes to be decided, the rest are throttled.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"spring.config.additional-location=classpath:extra-routes.yml" })
class GatewayApplicationTests {

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
		// a first burst by another tenant opens the connections and registers the request
		// meters (200 and 429), so
		// that the measured burst arrives within the 200 ms a refill takes on a busy
		// machine
		burst("warm-up", 20);
		long start = System.nanoTime();
		List<Answer> answers = burst("newcomer", 20);
		double elapsedSeconds = (System.nanoTime() - start) / 1e9;

		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		// the burst, plus what refilled at 5 per second while the twenty were decided: 5
		// when they all arrive
		// within the first 200 ms, more where deciding them takes longer (at load average
		// 10, 7 were admitted)
		// (10 ms more for the bucket's clock, read apart from this one)
		long refilled = (long) Math.floor(5 * (elapsedSeconds + 0.010));
		assertThat(byStatus.get(200)).isBetween(4L, 5 + refilled);
		assertThat(byStatus.get(429)).isEqualTo(20 - byStatus.get(200));
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
