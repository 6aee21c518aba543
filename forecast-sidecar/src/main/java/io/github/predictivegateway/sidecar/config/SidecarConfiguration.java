package io.github.predictivegateway.sidecar.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.sidecar.metrics.IntakeMeters;
import io.github.predictivegateway.sidecar.metrics.TrainingMeters;
import io.github.predictivegateway.wire.CompressedTime;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Opens the sidecar's forecaster engine (plain Java, module forecast-engine) from
 * {@link SidecarProperties}, as the gateway's embedded forecaster opens its own
 * ({@link ForecasterEngine}). The engine is the one bean of its parts: the API, the
 * schedules and the meters take what they use from it, and it closes them.
 */
@Configuration(proxyBeanMethods = false)
class SidecarConfiguration {

	@Bean
	Clock sidecarClock(SidecarProperties properties) {
		return CompressedTime.clock(Clock.systemUTC(), properties.getTimeOrigin(), properties.getTimeScale());
	}

	/**
	 * The intake's validator; first checks that the request body limit holds the largest
	 * valid batch ({@link IntakeBodyLimit}).
	 */
	@Bean
	UsageValidator usageValidator(SidecarProperties properties, Clock clock, Environment environment) {
		IntakeBodyLimit.check(environment, properties.getMaxBatchRecords());
		return new UsageValidator(properties.getStep().getSeconds(), properties.getMaxBatchRecords(), clock);
	}

	@Bean(destroyMethod = "close")
	ForecasterEngine forecasterEngine(SidecarProperties properties, SidecarShardProperties shard, Clock clock) {
		return ForecasterEngine.open(properties.toSettings(), clock, shard.toShard());
	}

	/**
	 * Meters go to the application's registry (Actuator's, exported at
	 * /actuator/prometheus), or nowhere.
	 */
	@Bean
	TrainingMeters trainingMeters(ObjectProvider<MeterRegistry> registry, ForecasterEngine engine) {
		return new TrainingMeters(registry.getIfUnique(CompositeMeterRegistry::new), engine.loader());
	}

	@Bean
	IntakeMeters intakeMeters(ObjectProvider<MeterRegistry> registry) {
		return new IntakeMeters(registry.getIfUnique(CompositeMeterRegistry::new));
	}

	@Bean
	SidecarSchedules sidecarSchedules(ForecasterEngine engine, TrainingMeters meters, SidecarProperties properties) {
		return new SidecarSchedules(engine, meters, properties.getTimeScale());
	}

}
