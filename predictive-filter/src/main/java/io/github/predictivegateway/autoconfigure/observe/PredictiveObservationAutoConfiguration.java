package io.github.predictivegateway.autoconfigure.observe;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.PredictiveConfigurationException;
import io.github.predictivegateway.autoconfigure.PredictiveMetricsProperties;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.observe.ForecastAccuracy;
import io.github.predictivegateway.observe.ObservationHistory;
import io.github.predictivegateway.observe.ObservationMeters;
import io.github.predictivegateway.observe.PredictiveReport;
import io.github.predictivegateway.observe.StepObservations;
import io.github.predictivegateway.observe.StepObserver;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.ClusterUsage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observation of closed steps ({@link StepObservations}, fed by the usage cycle): the
 * pre-allocation and accuracy meters, the bounded history, and, with Spring Boot Actuator
 * on the class path, the {@code predictive} endpoint and its dashboard. Settings under
 * {@code predictive.metrics.*}; a bad value stops start-up naming the property.
 */
@AutoConfiguration(after = { PredictiveAutoConfiguration.class, PredictiveForecastAutoConfiguration.class })
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean(ShadowBucketTable.class)
public class PredictiveObservationAutoConfiguration {

	/**
	 * At most this many closed steps are kept per series, whatever
	 * predictive.metrics.history and the step.
	 */
	static final int MAX_STEPS_KEPT = 10_000;

	@Bean
	@ConditionalOnMissingBean
	ForecastAccuracy predictiveForecastAccuracy(TenantTags tags, PredictiveMetricsProperties metrics) {
		if (metrics.accuracyWindow() < 1) {
			throw new PredictiveConfigurationException(List.of(PredictiveMetricsProperties.PREFIX
					+ ".accuracy-window: must be at least 1 step, got " + metrics.accuracyWindow()));
		}
		return new ForecastAccuracy(tags, metrics.accuracyWindow(), historyTenants(metrics) * 4);
	}

	@Bean
	@ConditionalOnMissingBean
	ObservationHistory predictiveObservationHistory(PredictiveMetricsProperties metrics, Steps steps) {
		return new ObservationHistory(stepsKept(metrics, steps), historyTenants(metrics));
	}

	/**
	 * Meters go to the application's {@link MeterRegistry}, or nowhere when there is
	 * none.
	 */
	@Bean
	@ConditionalOnMissingBean
	ObservationMeters predictiveObservationMeters(ObjectProvider<MeterRegistry> registry, TenantTags tags,
			ForecastAccuracy accuracy) {
		return new ObservationMeters(registry.getIfUnique(CompositeMeterRegistry::new), tags, accuracy);
	}

	/**
	 * Tells every {@link StepObserver} bean of each closed step: accuracy first, so its
	 * gauges read the step.
	 */
	@Bean
	@ConditionalOnMissingBean
	StepObservations predictiveStepObservations(Steps steps, ResourceTypes resources, ShadowBucketTable table,
			AdjustmentMultipliers adjustment, ForecastAccuracy accuracy, ObjectProvider<StepObserver> observers,
			ObjectProvider<ClusterUsage> cluster) {
		List<StepObserver> all = new ArrayList<>();
		all.add(accuracy);
		observers.orderedStream().filter(observer -> observer != accuracy).forEach(all::add);
		return new StepObservations(steps, resources, table, adjustment, all, cluster.getIfAvailable() != null);
	}

	@Bean
	@ConditionalOnMissingBean
	PredictiveReport predictiveReport(Steps steps, TimeSource time, ResourceTypes resources, ShadowBucketTable table,
			StandardBuckets standard, AdjustmentMultipliers adjustment, ObservationHistory history) {
		return new PredictiveReport(steps, time, resources, table, standard, adjustment, history);
	}

	static int stepsKept(PredictiveMetricsProperties metrics, Steps steps) {
		long historyNanos = (metrics.history() != null) ? metrics.history().toNanos() : 0;
		if (historyNanos < steps.lengthNanos()) {
			throw new PredictiveConfigurationException(List.of(PredictiveMetricsProperties.PREFIX
					+ ".history: must cover at least one step (" + steps.length() + "), got " + metrics.history()));
		}
		return (int) Math.min(MAX_STEPS_KEPT, (historyNanos + steps.lengthNanos() - 1) / steps.lengthNanos());
	}

	private static long historyTenants(PredictiveMetricsProperties metrics) {
		if (metrics.historyTenants() < 1) {
			throw new PredictiveConfigurationException(List.of(PredictiveMetricsProperties.PREFIX
					+ ".history-tenants: must be at least 1, got " + metrics.historyTenants()));
		}
		return metrics.historyTenants();
	}

	/** The endpoints, on the management port when it has one of its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	static class Endpoints {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PredictiveEndpoint predictiveEndpoint(PredictiveReport report) {
			return new PredictiveEndpoint(report);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PredictiveDashboardEndpoint predictiveDashboardEndpoint() {
			return new PredictiveDashboardEndpoint();
		}

	}

}
