package io.github.predictivegateway.sidecar.config;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecaster.training.TenantShard;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SidecarShardPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SidecarShardProperties.class, SidecarUsageProperties.class })
	static class Properties {

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
