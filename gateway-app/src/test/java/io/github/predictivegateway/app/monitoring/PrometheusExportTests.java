package io.github.predictivegateway.app.monitoring;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's {@code /actuator/prometheus} (management port) against the monitoring
 * files: every metric the alert rules and the dashboard name, whose meter this gateway
 * (embedded default, local mode) registers, is exported under exactly that name. Meters
 * of other modes or not registered here (Redis, the sidecar) are checked by name only, in
 * {@link PrometheusRulesTests} and {@link GrafanaDashboardTests}.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				// a context of its own: in the one shared with PassThroughSecurityTests
				// the first request was once
				// answered 503
				"spring.application.name=prometheus-export" })
class PrometheusExportTests {

	private static final Pattern SAMPLE = Pattern.compile("^(" + MonitoringFiles.NAME + ")[{ ]", Pattern.MULTILINE);

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private String scrape() {
		return WebClient.create("http://127.0.0.1:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	private static Set<String> exported(String scrape) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = SAMPLE.matcher(scrape);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	@Test
	void decisionsAlertsAndStalenessAreExportedUnderTheirPrometheusNames() {
		String decision = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/demo/hello")
			.header("X-Tenant-Id", "acme")
			.exchangeToMono(response -> response.releaseBody()
				.thenReturn(response.statusCode().value() + " "
						+ response.headers().asHttpHeaders().getFirst("X-Predictive-Decision")))
			.block(Duration.ofSeconds(10));
		assertThat(decision).isEqualTo("200 preallocated");

		String scrape = scrape();

		assertThat(scrape).containsPattern(
				"predictive_decisions_total\\{[^}]*class=\"preallocated\"[^}]*outcome=\"admitted\"[^}]*resource=\"requests\"[^}]*tenant=\"other\"[^}]*} 1");
		assertThat(scrape).contains("predictive_alerts_firing{alertname=\"ThrottlingHigh\"} 0");
		assertThat(scrape).as("Gateway's route timer, with the labels UpstreamTimeouts reads")
			.containsPattern(
					"spring_cloud_gateway_requests_seconds_count\\{[^}]*httpStatusCode=\"200\"[^}]*routeId=\"demo\""
							+ "[^}]*routeUri=\"forward:/demo-backend\"[^}]*} 1");
		assertThat(exported(scrape)).contains("predictive_forecast_age_seconds", "predictive_forecast_stale",
				"predictive_alerts_notification_failures_total", "predictive_queue_length");
	}

	@Test
	void everyMetricOfTheRulesAndTheDashboardWhoseMeterIsRegisteredHereIsExportedUnderThatName() {
		Set<String> exported = exported(scrape());
		Set<String> registeredMeters = new TreeSet<>();
		exported.stream().map(MonitoringFiles::meterOf).filter(Objects::nonNull).forEach(registeredMeters::add);
		Set<String> referenced = new TreeSet<>();
		referenced.addAll(MonitoringFiles
			.metricsIn(new Yaml().load(MonitoringFiles.read("config/prometheus/predictive-alerts.yml")).toString()));
		JsonMapper.builder()
			.build()
			.readTree(MonitoringFiles.read("config/grafana/predictive-dashboard.json"))
			.findValues("expr")
			.forEach(expr -> referenced.addAll(MonitoringFiles.metricsIn(expr.asString())));

		Set<String> checkable = new TreeSet<>();
		referenced.forEach(name -> {
			if (registeredMeters.contains(MonitoringFiles.meterOf(name))) {
				checkable.add(name);
			}
		});
		assertThat(checkable).contains("predictive_decisions_total", "predictive_forecast_stale",
				"predictive_queue_wait_seconds_count", "predictive_alerts_firing");
		assertThat(exported).containsAll(checkable);
	}

}
