package io.github.predictivegateway.autoconfigure.observe;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.observe.ObservationHistory;
import io.github.predictivegateway.observe.StepObservations;
import io.github.predictivegateway.usage.UsageCycle;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observation of closed steps set up from {@code predictive.metrics.*}: wired into the
 * usage cycle, with the endpoints when exposed, and stopped at start-up by a bad value,
 * naming the property.
 */
class PredictiveObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PredictiveForecastAutoConfiguration.class,
				PredictiveAutoConfiguration.class, PredictiveObservationAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
				"predictive.embedded.enabled=false", "predictive.step=60s");

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

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
	void closedStepsAreObservedByDefault() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(StepObservations.class).hasSingleBean(UsageCycle.class);
			// 6 hours of 60 s steps
			assertThat(context.getBean(ObservationHistory.class).stepsKept()).isEqualTo(360);
		});
	}

	@Test
	void theEndpointsExistWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=predictive,predictivedashboard")
			.run(context -> assertThat(context).hasSingleBean(PredictiveEndpoint.class)
				.hasSingleBean(PredictiveDashboardEndpoint.class));
	}

	@Test
	void theEndpointsAreLeftOutWhenNotExposed() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(PredictiveEndpoint.class)
			.doesNotHaveBean(PredictiveDashboardEndpoint.class));
	}

	@Test
	void aZeroAccuracyWindowStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.metrics.accuracy-window=0"))
			.contains("predictive.metrics.accuracy-window: must be at least 1 step, got 0");
	}

	@Test
	void aHistoryShorterThanAStepStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.metrics.history=30s"))
			.contains("predictive.metrics.history: must cover at least one step (PT1M), got PT30S");
	}

	@Test
	void noHistoryTenantStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.metrics.history-tenants=0"))
			.contains("predictive.metrics.history-tenants: must be at least 1, got 0");
	}

}
