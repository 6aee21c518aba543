package io.github.predictivegateway.sidecar.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots;
import io.github.predictivegateway.forecaster.time.ScaledClock;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.sidecar.metrics.IntakeMeters;
import io.github.predictivegateway.sidecar.metrics.TrainingMeters;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the sidecar's engine (plain Java, module forecast-engine) from
 * {@link SidecarProperties}.
 */
@Configuration(proxyBeanMethods = false)
class SidecarConfiguration {

	@Bean
	Clock sidecarClock(SidecarProperties properties) {
		return ScaledClock.of(Clock.systemUTC(), properties.getTimeOrigin(), properties.getTimeScale());
	}

	@Bean
	UsageValidator usageValidator(SidecarProperties properties, Clock clock) {
		return new UsageValidator(properties.getStep().getSeconds(), properties.getMaxBatchRecords(), clock);
	}

	@Bean(destroyMethod = "close")
	UsageStore usageStore(SidecarProperties properties) {
		UsageHistory empty = new UsageHistory(properties.getStep().getSeconds(),
				properties.steps(properties.getDedupeWindow()), properties.steps(properties.getHistoryRetention()));
		return UsageStore.open(properties.getDataDir(), empty, properties.getJournalCompactBytes());
	}

	@Bean
	ModelRepository modelRepository(SidecarProperties properties) {
		return new ModelRepository(properties.getModelDir());
	}

	@Bean
	ModelLoader modelLoader(ModelRepository repository, SidecarProperties properties) {
		ModelLoader loader = new ModelLoader(repository, (int) properties.getStep().getSeconds());
		loader.refresh();
		return loader;
	}

	@Bean
	TrainingOptions trainingOptions(SidecarProperties properties, Clock clock) {
		return TrainingOptions.builder()
			.horizon(properties.getHorizon())
			.level(properties.getLevel())
			.clock(clock)
			.build();
	}

	@Bean
	Retrainer retrainer(UsageStore store, ModelRepository repository, ModelLoader loader, TrainingOptions options,
			SidecarProperties properties, SidecarShardProperties shard, Clock clock) {
		return new Retrainer(store.history(), repository, loader, options,
				new LeadLagDetector(properties.getMaxLeadSteps(), properties.getMinLeadCorrelation()), clock,
				properties.steps(properties.getHistoryRetention()), properties.getPromotionTolerance(),
				shard.toShard());
	}

	@Bean
	ForecastSnapshots forecastSnapshots(UsageStore store, ModelLoader loader, SidecarProperties properties,
			Clock clock) {
		return new ForecastSnapshots(store.history(), loader, clock, properties.getHorizon(),
				properties.steps(properties.getForecastHistory()));
	}

	/**
	 * Meters go to the application's registry (Actuator's, exported at
	 * /actuator/prometheus), or nowhere.
	 */
	@Bean
	TrainingMeters trainingMeters(ObjectProvider<MeterRegistry> registry, ModelLoader loader) {
		return new TrainingMeters(registry.getIfUnique(CompositeMeterRegistry::new), loader);
	}

	@Bean
	IntakeMeters intakeMeters(ObjectProvider<MeterRegistry> registry) {
		return new IntakeMeters(registry.getIfUnique(CompositeMeterRegistry::new));
	}

	@Bean
	SidecarSchedules sidecarSchedules(Retrainer retrainer, TrainingMeters meters, ModelLoader loader,
			SidecarProperties properties) {
		return new SidecarSchedules(retrainer, meters, loader, properties);
	}

}
