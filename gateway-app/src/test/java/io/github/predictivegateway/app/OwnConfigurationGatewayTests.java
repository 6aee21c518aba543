package io.github.predictivegateway.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

import io.github.predictivegateway.time.ManualTimeSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationContext;
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

/**
 * A user's file that declares only its own resource type {@code api} (capacity 100000,
 * one plan of rate 5 and burst 5) and one route, given as a new user gives it
 * ({@code --spring.config.additional-location}), without the demo profile: the gateway
 * starts, limits the route, and has no demo route, resource type or tenant.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.config.additional-location=classpath:own-api.yml" })
@Import(OwnConfigurationGatewayTests.FrozenTime.class)
@Timeout(60)
class OwnConfigurationGatewayTests {

	private static final WireMockServer UPSTREAM = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		if (!UPSTREAM.isRunning()) {
			UPSTREAM.start();
			UPSTREAM.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("api")));
		}
		registry.add("upstream.url", () -> "http://127.0.0.1:" + UPSTREAM.port());
	}

	@AfterAll
	static void stopUpstream() {
		UPSTREAM.stop();
	}

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private ApplicationContext context;

	private List<Integer> burst(String tenant, int requests) {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		return Flux.range(0, requests)
			.flatMap(
					i -> client.get()
						.uri("/api/" + i)
						.header("X-Tenant-Id", tenant)
						.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
					requests)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private HttpResponse<String> get(int port, String path, String tenant) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (tenant != null) {
			request.header("X-Tenant-Id", tenant);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Engine time stands still here ({@link FrozenTime}), so nothing refills while the
	 * twenty are decided, however slow the machine: exactly the burst of 5 passes (on
	 * real time, 5 to 7 within 0.6 s).
	 */
	@Test
	void twentyRequestsAtOnceOnTheOwnPlanAdmitExactlyTheBurst() {
		List<Integer> statuses = burst("newcomer", 20);

		assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(5);
		assertThat(statuses).containsOnly(200, 429);
	}

	/** Engine time frozen: buckets refill only when a test moves it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class FrozenTime {

		@Bean
		ManualTimeSource frozenTimeSource() {
			return new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));
		}

	}

	@Test
	void thePredictiveEndpointKnowsNoDemoTenantAndNoDemoResource() throws Exception {
		burst("own-endpoint", 2);

		HttpResponse<String> overview = get(this.managementPort, "/actuator/predictive", null);

		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(overview.body()).doesNotContain("acme").doesNotContain("requests");
		assertThat(get(this.managementPort, "/actuator/predictive/acme", null).statusCode()).isEqualTo(404);
	}

	@Test
	void theMetersKnowTheOwnResourceTypeOnly() throws Exception {
		String prometheus = get(this.managementPort, "/actuator/prometheus", null).body();

		assertThat(prometheus).contains("resource=\"api\"")
			.doesNotContain("resource=\"requests\"")
			.doesNotContain("acme");
	}

	@Test
	void theDemoRouteAndItsBackendDoNotExist() throws Exception {
		List<String> routes = this.context.getBean(RouteLocator.class)
			.getRoutes()
			.map(Route::getId)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(routes).containsExactly("api");
		assertThat(get(this.port, "/demo/hello", "acme").statusCode()).isEqualTo(404);
		assertThat(get(this.port, "/demo-backend", "acme").statusCode()).isEqualTo(404);
	}

}
