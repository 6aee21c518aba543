package io.github.predictivegateway.autoconfigure.loop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import io.github.predictivegateway.autoconfigure.EngineSettings;
import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.PredictiveGateProperties;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.PredictiveQueueProperties;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.autoconfigure.lifecycle.UsageFinalFlush;
import io.github.predictivegateway.forecast.CombinedForecastSource;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.ForecastQuantiles;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.metrics.AdjustmentMultiplierMeters;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ScaledTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.ClusterUsage;
import io.github.predictivegateway.usage.StepCloseListener;
import io.github.predictivegateway.usage.RefusedDemandBound;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.usage.UsagePublisher;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The predictive loop around the engine of {@link PredictiveAutoConfiguration}:
 * compressed time, forecasts pulled from the sidecar
 * ({@link SidecarForecastConfiguration}, when {@code predictive.forecast.sidecar-url} is
 * set) or computed in-process ({@link EmbeddedForecasterConfiguration}, when
 * forecast-engine is on the class path), the staleness rule, dynamic adjustment, and
 * usage feedback. Runs before {@link PredictiveAutoConfiguration} so that its time source
 * and forecast source take the place of the plain ones; every bean can be replaced.
 */
@AutoConfiguration(before = PredictiveAutoConfiguration.class, after = GatewayAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ PredictiveProperties.class, PredictiveForecastProperties.class,
		PredictiveAdjustmentProperties.class, PredictiveUsageProperties.class })
@Import({ SidecarForecastConfiguration.class, EmbeddedForecasterConfiguration.class })
public class PredictiveForecastAutoConfiguration {

	/** Bean name of the {@link SnapshotForecastSource}. */
	public static final String SNAPSHOT_SOURCE = "predictiveSnapshotForecastSource";

	@Bean
	@ConditionalOnMissingBean
	TimeSource predictiveScaledTimeSource(PredictiveProperties properties) {
		return ScaledTimeSource.of(TimeSource.system(), properties.timeOrigin(), properties.timeScale());
	}

	@Bean
	@ConditionalOnMissingBean
	ForecastSnapshotReader predictiveForecastSnapshotReader(PredictiveProperties properties,
			PredictiveForecastProperties forecast) {
		return new ForecastSnapshotReader(properties.step(), properties.capacity()::containsKey,
				new ForecastQuantiles(forecast.reservationQuantile(), forecast.burstQuantile()));
	}

	/**
	 * The forecaster's forecasts. Not a default candidate for injection as a
	 * {@link ForecastSource}: the pre-allocation cycle reads it through the combined
	 * source below; inject it with {@code @Qualifier(SNAPSHOT_SOURCE)}.
	 */
	@Bean(name = SNAPSHOT_SOURCE, defaultCandidate = false)
	SnapshotForecastSource predictiveSnapshotForecastSource(TimeSource time, PredictiveForecastProperties forecast) {
		return new SnapshotForecastSource(time, forecast.staleness(), forecast.decaySteps());
	}

	/** The declared pre-allocations and the forecaster's forecasts together. */
	@Bean
	@ConditionalOnMissingBean(ForecastSource.class)
	ForecastSource predictiveLoopForecastSource(PredictiveProperties properties,
			@Qualifier(SNAPSHOT_SOURCE) SnapshotForecastSource snapshot) {
		return new CombinedForecastSource(
				List.of(new DeclaredForecastSource(EngineSettings.declaredPreallocations(properties)), snapshot));
	}

	/**
	 * Holds at most one series per tenant and resource type within the tenant bound
	 * ({@code predictive.max-tenants}).
	 */
	@Bean
	@ConditionalOnMissingBean
	AdjustmentMultipliers predictiveAdjustmentMultipliers(PredictiveAdjustmentProperties adjustment,
			PredictiveProperties properties, ResourceTypes resources) {
		long maxSeries = (properties.maxTenants() > Long.MAX_VALUE / Math.max(1, resources.size())) ? Long.MAX_VALUE
				: properties.maxTenants() * Math.max(1, resources.size());
		return adjustment.toMultipliers(maxSeries);
	}

	/**
	 * Counts refused demand up to what each tenant's plan admits in a step, so that
	 * hammering does not earn reservations.
	 */
	@Bean
	@ConditionalOnMissingBean
	UsageAggregator predictiveUsageAggregator(Steps steps, TimeSource time, ResourceTypes resources,
			PredictiveUsageProperties usage, PlanCatalogs plans) {
		return new UsageAggregator(steps, time, resources, usage.maxTenantsPerStep(),
				RefusedDemandBound.stepAllowance(plans, steps));
	}

	/**
	 * Publishes to the sidecar, the Redis usage stream or the embedded forecaster (an
	 * invalid predictive.usage.sink stops start-up here); without any, records only feed
	 * the adjustment.
	 */
	@Bean
	@ConditionalOnMissingBean
	UsagePublisher predictiveUsagePublisher(PredictiveUsageProperties usage, ObjectProvider<UsageSink> sink,
			Environment environment) {
		UsageSinkChoice.resolve(environment);
		UsageSink target = sink.getIfAvailable(() -> (instance, records) -> Mono.just(UsageSink.Result.ACCEPTED));
		return new UsagePublisher(instanceId(usage), target, usage.bufferCapacity(), usage.maxBatch(),
				usage.minBackoff(), usage.maxBackoff(), System::nanoTime,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Bean
	@ConditionalOnMissingBean
	UsageCycle predictiveUsageCycle(Steps steps, TimeSource time, UsageAggregator aggregator,
			AdjustmentMultipliers adjustment, UsagePublisher publisher, ObjectProvider<StepCloseListener> listener,
			ObjectProvider<ClusterUsage> cluster, PredictiveUsageProperties usage, PredictiveProperties properties,
			PredictiveGateProperties gate, PredictiveQueueProperties queue) {
		return new UsageCycle(
				steps, time, aggregator, adjustment, publisher, UsageCloseDelay.of(usage.closeDelay(),
						properties.timeScale(), gate.enabled() ? queue.toSettings() : null),
				listener.getIfAvailable(() -> (step, records) -> {
				}), cluster.getIfAvailable());
	}

	@Bean
	PeriodicTask predictiveUsageTask(UsageCycle cycle, PredictiveProperties properties) {
		return new PeriodicTask("predictive-usage", Duration.ZERO, PeriodicTask.twentiethOf(properties.realStep()),
				() -> cycle.tick().subscribe());
	}

	/** Publishes the current step's usage when the application shuts down. */
	@Bean
	UsageFinalFlush predictiveUsageFinalFlush(UsageCycle cycle, UsagePublisher publisher,
			PredictiveUsageProperties usage) {
		return new UsageFinalFlush(cycle, publisher, usage.finalFlushTimeout());
	}

	@Bean
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	PredictiveLoopMetrics predictiveLoopMetrics(@Qualifier(SNAPSHOT_SOURCE) SnapshotForecastSource forecasts,
			ObjectProvider<SidecarForecastClient> client, AdjustmentMultipliers adjustment, UsageAggregator aggregator,
			UsagePublisher publisher) {
		return new PredictiveLoopMetrics(forecasts, client.getIfAvailable(), adjustment, aggregator, publisher);
	}

	/**
	 * Each listed tenant's adjustment multipliers ({@code predictive.metrics.tenants}).
	 */
	@Bean
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	AdjustmentMultiplierMeters predictiveAdjustmentMultiplierMeters(AdjustmentMultipliers adjustment,
			TenantTags tenants, ResourceTypes resources) {
		return new AdjustmentMultiplierMeters(adjustment, tenants, resources);
	}

	private static String instanceId(PredictiveUsageProperties usage) {
		if (usage.instanceId() != null) {
			return usage.instanceId();
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "gateway";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
