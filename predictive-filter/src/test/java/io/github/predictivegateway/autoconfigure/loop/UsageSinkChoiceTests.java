package io.github.predictivegateway.autoconfigure.loop;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.redis.PredictiveRedisAutoConfiguration;
import io.github.predictivegateway.redis.RedisUsageSink;
import io.github.predictivegateway.usage.SidecarUsageSink;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where usage records go, by predictive.usage.sink, predictive.store and the sidecar URL
 * (Redis never needed).
 */
class UsageSinkChoiceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, PredictiveRedisAutoConfiguration.class,
						PredictiveForecastAutoConfiguration.class, PredictiveAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
				"predictive.embedded.enabled=false", "spring.data.redis.port=1");

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
	void inRedisModeWithSidecarsUsageGoesToTheRedisStreamByDefault() {
		this.runner.withPropertyValues("predictive.store=redis", "predictive.forecast.sidecar-url=http://127.0.0.1:1")
			.run(context -> assertThat(context).hasNotFailed()
				.getBean(UsageSink.class)
				.isInstanceOf(RedisUsageSink.class));
	}

	@Test
	void inRedisModeWithoutASidecarUsageGoesToTheStreamThatEveryEmbeddedForecasterReads(@TempDir Path dir) {
		this.runner
			.withPropertyValues("predictive.store=redis", "predictive.embedded.enabled=true",
					"predictive.embedded.data-dir=" + dir.resolve("data"),
					"predictive.embedded.model-dir=" + dir.resolve("models"))
			.run(context -> {
				assertThat(context).hasNotFailed().getBean(UsageSink.class).isInstanceOf(RedisUsageSink.class);
				assertThat(context).hasSingleBean(ClusterForecast.class)
					.doesNotHaveBean("predictiveEmbeddedRefreshTask")
					.hasBean("predictiveClusterRefreshTask");
			});
	}

	@Test
	void inLocalModeTheEmbeddedForecasterRunsAlone(@TempDir Path dir) {
		this.runner
			.withPropertyValues("predictive.embedded.enabled=true",
					"predictive.embedded.data-dir=" + dir.resolve("data"),
					"predictive.embedded.model-dir=" + dir.resolve("models"))
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterForecast.class)
				.hasBean("predictiveEmbeddedRefreshTask"));
	}

	@Test
	void inRedisModeUsageCanStillBePostedToTheSidecar() {
		this.runner
			.withPropertyValues("predictive.store=redis", "predictive.forecast.sidecar-url=http://127.0.0.1:1",
					"predictive.usage.sink=sidecar")
			.run(context -> assertThat(context).hasNotFailed()
				.getBean(UsageSink.class)
				.isInstanceOf(SidecarUsageSink.class));
	}

	@Test
	void inLocalModeUsageGoesToTheSidecarByDefault() {
		this.runner.withPropertyValues("predictive.forecast.sidecar-url=http://127.0.0.1:1")
			.run(context -> assertThat(context).hasNotFailed()
				.getBean(UsageSink.class)
				.isInstanceOf(SidecarUsageSink.class));
	}

	@Test
	void theRedisSinkWithoutRedisModeStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.usage.sink=redis", "predictive.forecast.sidecar-url=http://127.0.0.1:1"))
			.contains("predictive.usage.sink is redis but predictive.store is 'local'");
	}

	@Test
	void theRedisSinkWithoutASidecarStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.usage.sink=redis", "predictive.store=redis"))
			.contains("predictive.usage.sink is redis but predictive.forecast.sidecar-url is not set and the embedded"
					+ " forecaster is off");
	}

	@Test
	void anUnknownSinkStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.usage.sink=kafka"))
			.contains("predictive.usage.sink is 'kafka'; it must be one of auto, sidecar, redis");
	}

	@Test
	void aUsageStreamKeepingNoEntryStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.store=redis", "predictive.redis.usage-stream-max-entries=0"))
			.contains("'predictive.redis' on field 'usageStreamMaxEntries': rejected value [0]")
			.contains("must be greater than or equal to 1");
	}

}
