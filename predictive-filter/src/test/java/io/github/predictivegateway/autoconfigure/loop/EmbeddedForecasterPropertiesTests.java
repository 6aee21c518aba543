package io.github.predictivegateway.autoconfigure.loop;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.forecaster.ForecasterProperties;
import io.github.predictivegateway.forecaster.ForecasterSettings;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded forecaster's settings: {@code predictive.embedded.*} binds the forecaster
 * engine's settings by the sidecar's names, on the gateway's step; a bad value stops
 * start-up naming the property; without forecast-engine nothing of it is set up.
 */
class EmbeddedForecasterPropertiesTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PredictiveForecastAutoConfiguration.class, PredictiveAutoConfiguration.class))
			.withUserConfiguration(GatewayRoutes.class)
			.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
					"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
					"predictive.embedded.data-dir=" + this.dir.resolve("data"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

	}

	@Test
	void theEngineSettingsAreBoundByTheSidecarsNamesOnTheGatewaysStep() {
		runner()
			.withPropertyValues("predictive.step=30s", "predictive.embedded.horizon=6",
					"predictive.embedded.forecast-history=3d", "predictive.embedded.promotion-tolerance=0.05",
					"predictive.embedded.max-lead-steps=4", "predictive.embedded.model-dir=" + this.dir.resolve("m"))
			.run(context -> {
				ForecasterSettings settings = context.getBean(EmbeddedForecaster.class).settings();
				assertThat(settings.step()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.horizon()).isEqualTo(6);
				assertThat(settings.forecastHistory()).isEqualTo(Duration.ofDays(3));
				assertThat(settings.promotionTolerance()).isEqualTo(0.05);
				assertThat(settings.maxLeadSteps()).isEqualTo(4);
				assertThat(settings.modelDir()).isEqualTo(this.dir.resolve("m"));
			});
	}

	@Test
	void unsetTheEngineRunsOnTheDefaultsTheSidecarHas() {
		runner().run(context -> assertThat(context.getBean(EmbeddedForecaster.class).settings())
			.isEqualTo(new ForecasterProperties(this.dir.resolve("data")).toSettings(Duration.ofSeconds(60))));
	}

	@Test
	void aBadValueStopsStartUpNamingTheProperty() {
		runner().withPropertyValues("predictive.embedded.forecast-history=0s", "predictive.embedded.level=1.5")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("predictive.embedded.level is 1.5; it must be above 0.5 and at most 0.999")
				.hasMessageContaining("predictive.embedded.forecast-history is PT0S; it must be positive"));
	}

	@Test
	void aStepOfPartSecondsStopsStartUpNamingThePredictiveStep() {
		runner().withPropertyValues("predictive.step=1500ms")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("predictive.step is PT1.5S; it must be a whole number of seconds")
				.hasMessageContaining("predictive.embedded.enabled=false"));
	}

	@Test
	void withoutTheForecastEngineOnTheClassPathNothingOfItIsSetUp() {
		runner().withClassLoader(new FilteredClassLoader("io.github.predictivegateway.forecaster.")).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EmbeddedForecasterProperties.class);
			assertThat(context).doesNotHaveBean("predictiveEmbeddedForecaster");
		});
	}

}
