package io.github.predictivegateway.autoconfigure.alert;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.alert.AlertCycle;
import io.github.predictivegateway.alert.AlertEvaluator;
import io.github.predictivegateway.alert.AlertNotifier;
import io.github.predictivegateway.alert.AlertRule;
import io.github.predictivegateway.alert.Breach;
import io.github.predictivegateway.alert.WebhookNotifier;
import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What alerting sets up, its rules with their settings, and bad values stopping start-up
 * with the property named.
 */
class PredictiveAlertsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PredictiveForecastAutoConfiguration.class,
				PredictiveAutoConfiguration.class, PredictiveAlertsAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
				"predictive.embedded.enabled=false");

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	private String failure(String... properties) {
		StringBuilder all = new StringBuilder();
		this.runner.withPropertyValues(properties).run(context -> {
			assertThat(context).hasFailed();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				all.append(t.getMessage()).append('\n');
			}
		});
		return all.toString();
	}

	@Test
	void withAWebhookUrlAlertsArePostedThere() {
		this.runner.withPropertyValues("predictive.alerts.webhook-url=http://127.0.0.1:9093/api/v2/alerts")
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(AlertCycle.class);
				assertThat(context.getBean(AlertNotifier.class)).isInstanceOf(WebhookNotifier.class);
			});
	}

	@Test
	void withoutAForecasterEveryRuleButForecastStaleIsEvaluated() {
		this.runner.run(context -> assertThat(context.getBean(AlertEvaluator.class).rules()).extracting(AlertRule::name)
			.containsExactly("ForecastCoverageLow", "ForecastMaseHigh", "ThrottlingHigh", "SidecarUnavailable",
					"ForecastSnapshotRefused", "RedisUnavailable", "UpstreamTimeouts", "UsagePublishFailing"));
	}

	@Test
	void upstreamTimeoutsReadsGatewaysRouteTimerUnderItsConfiguredPrefix() {
		this.runner.withPropertyValues("spring.cloud.gateway.server.webflux.metrics.prefix=edge.").run(context -> {
			SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			AlertRule timeouts = context.getBean(AlertEvaluator.class)
				.rules()
				.stream()
				.filter(rule -> rule.name().equals("UpstreamTimeouts"))
				.findFirst()
				.orElseThrow();
			Timer timedOut = registry.timer("edge.requests", "routeId", "orders", "routeUri", "http://orders:8080",
					"httpStatusCode", "504");
			assertThat(timeouts.evaluate(registry, 0)).isEmpty();
			for (int i = 0; i < 20; i++) {
				timedOut.record(Duration.ofSeconds(1));
			}

			assertThat(timeouts.evaluate(registry, Duration.ofMinutes(1).toNanos()))
				.containsExactly(new Breach(Map.of("routeId", "orders", "routeUri", "http://orders:8080"), 1.0));
		});
	}

	@Test
	void withASidecarForecastStaleIsEvaluatedWithTheForConfigured() {
		this.runner
			.withPropertyValues("predictive.forecast.sidecar-url=http://127.0.0.1:1",
					"predictive.alerts.rules.ForecastStale.for=7m")
			.run(context -> assertThat(context.getBean(AlertEvaluator.class).rules())
				.filteredOn(rule -> rule.name().equals("ForecastStale"))
				.extracting(rule -> rule.forDuration().toMinutes())
				.containsExactly(7L));
	}

	@Test
	void aDisabledRuleIsNotEvaluated() {
		this.runner.withPropertyValues("predictive.alerts.rules.redis-unavailable.enabled=false")
			.run(context -> assertThat(context.getBean(AlertEvaluator.class).rules()).extracting(AlertRule::name)
				.doesNotContain("RedisUnavailable"));
	}

	@Test
	void alertsCanBeSwitchedOff() {
		this.runner.withPropertyValues("predictive.alerts.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(AlertCycle.class));
	}

	@Test
	void anUnknownRuleStopsStartUpNamingTheRules() {
		assertThat(failure("predictive.alerts.rules.cpu-high.threshold=0.5"))
			.contains("predictive.alerts.rules.cpu-high is not an alert rule; the rules are [ForecastCoverageLow, "
					+ "ForecastMaseHigh, ThrottlingHigh, ForecastStale, SidecarUnavailable, ForecastSnapshotRefused, "
					+ "RedisUnavailable, UpstreamTimeouts, UsagePublishFailing]");
	}

	@Test
	void aCoverageThresholdAboveOneStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.forecast-coverage-low.threshold=1.5"))
			.contains("predictive.alerts.rules.forecast-coverage-low.threshold is 1.5; a coverage threshold must be "
					+ "within (0, 1]");
	}

	@Test
	void aThresholdOnARuleWithoutOneStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.forecast-stale.threshold=1"))
			.contains("predictive.alerts.rules.forecast-stale.threshold is set, but ForecastStale has no threshold");
	}

	@Test
	void aNegativeForStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.throttling-high.for=-1m"))
			.contains("predictive.alerts.rules.throttling-high.for is PT-1M; it must not be negative");
	}

	@Test
	void aWindowOnARuleOverNoCountersStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.forecast-mase-high.window=5m"))
			.contains("predictive.alerts.rules.forecast-mase-high.window is PT5M; only [ThrottlingHigh, "
					+ "ForecastSnapshotRefused, UpstreamTimeouts] have a window");
	}

	@Test
	void minRequestsOnARuleOtherThanUpstreamTimeoutsStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.throttling-high.min-requests=5"))
			.contains("predictive.alerts.rules.throttling-high.min-requests is 5; only UpstreamTimeouts has it");
	}

	@Test
	void anUpstreamTimeoutsThresholdOfOneStopsStartUp() {
		assertThat(failure("predictive.alerts.rules.upstream-timeouts.threshold=1"))
			.contains("predictive.alerts.rules.upstream-timeouts.threshold is 1.0; a share threshold must be within "
					+ "[0, 1)");
	}

	@Test
	void aWebhookUrlThatIsNotHttpStopsStartUp() {
		assertThat(failure("predictive.alerts.webhook-url=mailto:ops@example.org"))
			.contains("predictive.alerts.webhook-url is 'mailto:ops@example.org'; it must be an http or https URL");
	}

	@Test
	void aZeroEvaluationIntervalStopsStartUp() {
		assertThat(failure("predictive.alerts.evaluation-interval=0s"))
			.contains("predictive.alerts.evaluation-interval is PT0S; it must be positive");
	}

	@Test
	void aMaxBackoffBelowTheMinimumStopsStartUp() {
		assertThat(failure("predictive.alerts.min-backoff=10s", "predictive.alerts.max-backoff=1s"))
			.contains("predictive.alerts.max-backoff is PT1S, below predictive.alerts.min-backoff PT10S");
	}

	@Test
	void aLabelNamedSeverityStopsStartUp() {
		assertThat(failure("predictive.alerts.labels.severity=page"))
			.contains("predictive.alerts.labels.severity is not a label name an alert can take");
	}

}
