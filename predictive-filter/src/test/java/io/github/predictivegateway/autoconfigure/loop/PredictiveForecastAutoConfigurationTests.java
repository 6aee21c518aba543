package io.github.predictivegateway.autoconfigure.loop;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.forecast.CombinedForecastSource;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.time.ScaledTimeSource;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.SidecarUsageSink;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's configuration: what is set up for a sidecar, compressed time, and bad values
 * stopping start-up with the property named. The embedded forecaster is off here
 * (forecast-engine is on this module's test class path); gateway-app's tests cover it.
 */
class PredictiveForecastAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(PredictiveForecastAutoConfiguration.class, PredictiveAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
				"predictive.embedded.enabled=false");

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
	void withASidecarUrlForecastsArePulledAndUsagePublishedThere() {
		this.runner.withPropertyValues("predictive.forecast.sidecar-url=http://127.0.0.1:1").run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(SidecarForecastClient.class);
			assertThat(context.getBean(UsageSink.class)).isInstanceOf(SidecarUsageSink.class);
			assertThat(context.getBean(ForecastSource.class)).isInstanceOf(CombinedForecastSource.class);
		});
	}

	@Test
	void aTimeScaleMakesTheTimeSourceCompressed() {
		this.runner.withPropertyValues("predictive.time-scale=60").run(context -> {
			assertThat(context.getBean(TimeSource.class)).isInstanceOf(ScaledTimeSource.class);
		});
	}

	@Test
	void anAdjustmentMinimumAboveOneStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.adjustment.min=1.5"))
			.contains("predictive.adjustment.min is 1.5; it must be within (0, 1]");
	}

	@Test
	void aSidecarUrlThatIsNotHttpStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.forecast.sidecar-url=ftp://example.org"))
			.contains("predictive.forecast.sidecar-url is 'ftp://example.org'");
	}

	@Test
	void anOriginSoEarlyThatCompressedTimeOverflowsStopsStartUp() {
		assertThat(failure("predictive.time-scale=100000", "predictive.time-origin=2000-01-01T00:00:00Z"))
			.contains("predictive.time-origin is 2000-01-01T00:00:00Z");
	}

}
