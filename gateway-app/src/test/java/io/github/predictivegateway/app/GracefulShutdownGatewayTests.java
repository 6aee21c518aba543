package io.github.predictivegateway.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.github.predictivegateway.gate.AdmissionQueues;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context (what SIGTERM does) while requests wait in the
 * admission queue: a backend of 2 requests/s whose gate holds one unit, 8 requests at
 * once, so that most of them wait when the close starts. Every request gets an answer
 * (200, or 503 with {@code Retry-After}), the usage of the current, unfinished step
 * (steps are 60 s, so no step has ended) reaches the sidecar's {@code POST /v1/usage},
 * and the close returns within the configured shutdown time.
 */
class GracefulShutdownGatewayTests {

	private static final Duration SHUTDOWN_PHASE = Duration.ofSeconds(5);

	private final WireMockServer upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private final WireMockServer sidecar = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@AfterEach
	void stopServers() {
		this.upstream.stop();
		this.sidecar.stop();
	}

	private record Answer(int status, String retryAfter) {
	}

	@Test
	void closingTheContextAnswersEveryWaitingRequestAndPublishesTheCurrentStep() {
		this.upstream.start();
		this.upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("report")));
		this.sidecar.start();
		this.sidecar.stubFor(post(urlEqualTo("/v1/usage")).willReturn(aResponse().withStatus(202)));
		this.sidecar.stubFor(any(urlEqualTo("/v1/forecasts")).willReturn(aResponse().withStatus(503)));
		// arguments, not builder properties: those are defaults, which application.yml's
		// ports 8080 and 8081 override
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
				"--spring.config.additional-location=classpath:drain-routes.yml",
				"--upstream.url=http://127.0.0.1:" + this.upstream.port(),
				"--predictive.forecast.sidecar-url=http://127.0.0.1:" + this.sidecar.port(),
				"--predictive.usage.instance-id=gw-drain", "--server.shutdown=graceful",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + SHUTDOWN_PHASE.toMillis() + "ms");
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		AdmissionQueues queues = context.getBean(AdmissionQueues.class);
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.clientConnector(new ReactorClientHttpConnector(
					HttpClient.create(ConnectionProvider.newConnection()).responseTimeout(Duration.ofSeconds(30))))
			.build();

		CompletableFuture<List<Answer>> answers = Flux.range(0, 8)
			.flatMap(i -> client.get()
				.uri("/reports/" + i)
				.header("X-Tenant-Id", "drainer")
				.exchangeToMono(response -> response.releaseBody()
					.then(Mono.fromSupplier(() -> new Answer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst("Retry-After"))))))
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(20)).until(() -> queues.length() >= 5);

		long start = System.nanoTime();
		context.close();
		Duration closing = Duration.ofNanos(System.nanoTime() - start);

		List<Answer> all = answers.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
		assertThat(all).hasSize(8).allSatisfy(answer -> {
			assertThat(answer.status()).isIn(200, 503);
			if (answer.status() == 503) {
				assertThat(answer.retryAfter()).isNotBlank();
			}
		});
		assertThat(all).filteredOn(answer -> answer.status() == 503).isNotEmpty();
		assertThat(closing).isLessThan(SHUTDOWN_PHASE.multipliedBy(2));
		this.sidecar.verify(postRequestedFor(urlEqualTo("/v1/usage")).withRequestBody(containing("drainer"))
			.withRequestBody(containing("gw-drain")));
	}

}
