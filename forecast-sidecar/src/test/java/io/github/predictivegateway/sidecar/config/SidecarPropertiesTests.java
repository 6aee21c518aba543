package io.github.predictivegateway.sidecar.config;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecaster.ForecasterProperties;
import io.github.predictivegateway.forecaster.training.TenantShard;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sidecar.*} bound and checked: the forecaster engine's settings
 * ({@link SidecarProperties}, by the names and with the defaults the gateway's embedded
 * forecaster binds under {@code predictive.embedded.*}), sharding and usage intake.
 */
class SidecarPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SidecarProperties.class, SidecarShardProperties.class,
			SidecarUsageProperties.class })
	static class Properties {

	}

	@Test
	void unsetTheSettingsAreTheForecastersDefaultsOnAMinuteStep() {
		this.runner.run(context -> assertThat(context.getBean(SidecarProperties.class).toSettings())
			.isEqualTo(new ForecasterProperties(Path.of("sidecar-data")).toSettings(Duration.ofMinutes(1))));
	}

	@Test
	void theSettingsAreBoundByTheirNames() {
		this.runner.withPropertyValues("sidecar.step=300s", "sidecar.forecast-history=8d", "sidecar.horizon=24")
			.run(context -> {
				SidecarProperties properties = context.getBean(SidecarProperties.class);
				assertThat(properties.toSettings().forecastHistory()).isEqualTo(Duration.ofDays(8));
				assertThat(properties.toSettings().horizon()).isEqualTo(24);
				assertThat(properties.toSettings().stepSeconds()).isEqualTo(300);
			});
	}

	@Test
	void aBadSettingStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("sidecar.dedupe-window=3h", "sidecar.history-retention=1h")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sidecar.history-retention is PT1H; it must be at least the dedupe-window PT3H"));
	}

	@Test
	void aShardIndexNotBelowTheCountStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("sidecar.shard.index=2", "sidecar.shard.count=2")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sidecar.shard.index must be below sidecar.shard.count"));
	}

	@Test
	void aValidShardIsTheTenantShardTheRetrainerGets() {
		this.runner.withPropertyValues("sidecar.shard.index=1", "sidecar.shard.count=3")
			.run(context -> assertThat(context.getBean(SidecarShardProperties.class).toShard())
				.isEqualTo(new TenantShard(1, 3)));
	}

	@Test
	void anUnknownUsageSourceStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("sidecar.usage.source=kafka")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sidecar.usage.source must be http or redis"));
	}

}
