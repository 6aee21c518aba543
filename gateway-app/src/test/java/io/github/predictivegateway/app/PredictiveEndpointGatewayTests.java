package io.github.predictivegateway.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageCycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code predictive} actuator endpoint of the assembled gateway after the twelve
 * steps of {@link DashboardTraffic}: the current step and the closed ones per tenant on
 * the management port, nothing on the public one, and the closed steps' meters.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "predictive.gate.enabled=false",
				"predictive.metrics.accuracy-window=12" })
@Import(DashboardTraffic.Engine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PredictiveEndpointGatewayTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private MeterRegistry registry;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	void twelveStepsOfTraffic(@Autowired ManualTimeSource time, @Autowired Steps steps,
			@Autowired PreallocationCycle preallocation, @Autowired UsageCycle usage) throws Exception {
		DashboardTraffic.drive(this.port, time, steps, preallocation, usage);
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private String json(String path) throws Exception {
		HttpResponse<String> response = get(this.managementPort, path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private double counter(String name) {
		return this.registry.get(name).tag("resource", "requests").tag("tenant", "other").counter().count();
	}

	@Test
	void theOverviewShowsTheTenantsCurrentStep() throws Exception {
		String body = json("/actuator/predictive?tenant=dash");

		assertThat(JsonPath.<List<String>>read(body, "$.tenants[*].tenant")).containsExactly("dash");
		assertThat(JsonPath.<Double>read(body, "$.tenants[0].resources[0].forecast.upper")).isEqualTo(30.0);
		assertThat(JsonPath.<Integer>read(body, "$.tenants[0].resources[0].granted")).isEqualTo(30);
		assertThat(JsonPath.<Integer>read(body, "$.tenants[0].resources[0].shadowTokens")).isEqualTo(30);
		assertThat(JsonPath.<Integer>read(body, "$.tenants[0].resources[0].standardTokens")).isEqualTo(10);
		assertThat(JsonPath.<Double>read(body, "$.tenants[0].resources[0].multiplier")).isEqualTo(1.0);
		assertThat(JsonPath.<Integer>read(body, "$.tenants[0].resources[0].bursts")).isEqualTo(4);
		assertThat(JsonPath.<List<Double>>read(body, "$.tenants[0].resources[0].recentDemand")).containsExactly(50.0,
				22.0, 45.0, 16.0, 28.0, 33.0, 12.0, 26.0, 41.0, 20.0);
	}

	@Test
	void aFilterOnAnotherTenantListsNobody() throws Exception {
		assertThat(JsonPath.<List<String>>read(json("/actuator/predictive?tenant=nobody"), "$.tenants")).isEmpty();
	}

	@Test
	void theTenantSelectorReturnsItsClosedSteps() throws Exception {
		String body = json("/actuator/predictive/dash");

		assertThat(JsonPath.<List<Double>>read(body, "$.resources[0].history[*].offered")).containsExactly(18.0, 25.0,
				50.0, 22.0, 45.0, 16.0, 28.0, 33.0, 12.0, 26.0, 41.0, 20.0);
		assertThat(JsonPath.<List<Integer>>read(body, "$.resources[0].history[*].throttled")).containsExactly(0, 0, 10,
				0, 5, 0, 0, 0, 0, 0, 1, 0);
		assertThat(JsonPath.<List<Integer>>read(body, "$.resources[0].history[*].used")).containsExactly(18, 25, 30, 22,
				30, 16, 28, 30, 12, 26, 30, 20);
		assertThat(JsonPath.<String>read(body, "$.resources[0].history[0].start")).isEqualTo("2026-11-30T09:00:00Z");
		assertThat(JsonPath.<Double>read(body, "$.resources[0].history[0].lower")).isEqualTo(12.0);
	}

	@Test
	void anUnknownTenantIsNotFound() throws Exception {
		assertThat(get(this.managementPort, "/actuator/predictive/nobody").statusCode()).isEqualTo(404);
	}

	@Test
	void neitherTheEndpointNorTheDashboardIsServedOnThePublicPort() throws Exception {
		assertThat(get(this.port, "/actuator/predictive").statusCode()).isEqualTo(404);
		assertThat(get(this.port, "/actuator/predictive/dash").statusCode()).isEqualTo(404);
		assertThat(get(this.port, "/actuator/predictivedashboard").statusCode()).isEqualTo(404);
		assertThat(get(this.managementPort, "/actuator/predictivedashboard").statusCode()).isEqualTo(200);
	}

	@Test
	void closedStepsAddUpInThePreallocationCounters() {
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_GRANTED)).isEqualTo(360.0);
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_USED)).isEqualTo(287.0);
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_WASTED)).isEqualTo(73.0);
		// 12000 units per step, 30 reserved: standard requests never needed the idle
		// reservation
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_LENT)).isZero();
	}

	@Test
	void accuracyGaugesCoverTheWindowOfClosedSteps() {
		// errors |y - 20| sum to 124 over 12 steps; the 11 step-to-step changes sum to
		// 200; 8 steps inside [12, 30]
		assertThat(this.registry.get(PredictiveMetricNames.FORECAST_MASE).tag("tenant", "other").gauge().value())
			.isCloseTo((124.0 / 12) / (200.0 / 11), within(1e-9));
		assertThat(this.registry.get(PredictiveMetricNames.FORECAST_COVERAGE).tag("tenant", "other").gauge().value())
			.isCloseTo(8.0 / 12, within(1e-9));
	}

}
