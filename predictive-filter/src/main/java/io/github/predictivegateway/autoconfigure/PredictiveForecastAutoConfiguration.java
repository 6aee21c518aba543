package io.github.predictivegateway.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import io.github.predictivegateway.forecast.CombinedForecastSource;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.metrics.AdjustmentMultiplierMeters;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ScaledTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.StepCloseListener;
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
@EnableConfigurationProperties({ PredictiveProperties.class, PredictiveLoopProperties.class })
@Import({ SidecarForecastConfiguration.class, EmbeddedForecasterConfiguration.class })
public class PredictiveForecastAutoConfiguration {

	/** Bean name of the {@link SnapshotForecastSource}. */
	public static final String SNAPSHOT_SOURCE = "predictiveSnapshotForecastSource";

	@Bean
	@ConditionalOnMissingBean
	TimeSource predictiveScaledTimeSource(PredictiveLoopProperties loop) {
		return ScaledTimeSource.of(TimeSource.system(), loop.getTimeOrigin(), loop.getTimeScale());
	}

	@Bean
	@ConditionalOnMissingBean
	ForecastSnapshotReader predictiveForecastSnapshotReader(PredictiveProperties properties) {
		return new ForecastSnapshotReader(properties.getStep(), properties.getCapacity()::containsKey);
	}

	/**
	 * The forecaster's forecasts. Not a default candidate for injection as a
	 * {@link ForecastSource}: the pre-allocation cycle reads it through the combined
	 * source below; inject it with {@code @Qualifier(SNAPSHOT_SOURCE)}.
	 */
	@Bean(name = SNAPSHOT_SOURCE, defaultCandidate = false)
	SnapshotForecastSource predictiveSnapshotForecastSource(TimeSource time, PredictiveLoopProperties loop) {
		return new SnapshotForecastSource(time, loop.getForecast().getStaleness(), loop.getForecast().getDecaySteps());
	}

	/** The declared pre-allocations and the forecaster's forecasts together. */
	@Bean
	@ConditionalOnMissingBean(ForecastSource.class)
	ForecastSource predictiveLoopForecastSource(PredictiveProperties properties,
			@Qualifier(SNAPSHOT_SOURCE) SnapshotForecastSource snapshot) {
		return new CombinedForecastSource(
				List.of(new DeclaredForecastSource(EngineSettings.declaredPreallocations(properties)), snapshot));
	}

	@Bean
	@ConditionalOnMissingBean
	AdjustmentMultipliers predictiveAdjustmentMultipliers(PredictiveLoopProperties loop) {
		PredictiveLoopProperties.Adjustment adjustment = loop.getAdjustment();
		if (!adjustment.isEnabled()) {
			return AdjustmentMultipliers.none();
		}
		return new AdjustmentMultipliers(adjustment.getMin(), adjustment.getMax(), adjustment.getUp(),
				adjustment.getDown(), adjustment.getConsecutiveSteps());
	}

	@Bean
	@ConditionalOnMissingBean
	UsageAggregator predictiveUsageAggregator(Steps steps, TimeSource time, ResourceTypes resources,
			PredictiveLoopProperties loop) {
		return new UsageAggregator(steps, time, resources, loop.getUsage().getMaxTenantsPerStep());
	}

	/**
	 * Publishes to the sidecar, the Redis usage stream or the embedded forecaster (an
	 * invalid predictive.usage.sink stops start-up here); without any, records only feed
	 * the adjustment.
	 */
	@Bean
	@ConditionalOnMissingBean
	UsagePublisher predictiveUsagePublisher(PredictiveLoopProperties loop, PredictiveProperties properties,
			ObjectProvider<UsageSink> sink) {
		PredictiveLoopProperties.Usage usage = loop.getUsage();
		UsageSinkChoice.resolve(usage.getSink(), properties.getStore(), loop.getForecast().getSidecarUrl() != null);
		UsageSink target = sink.getIfAvailable(() -> (instance, records) -> Mono.just(UsageSink.Result.ACCEPTED));
		return new UsagePublisher(instanceId(usage), target, usage.getBufferCapacity(), usage.getMaxBatch(),
				usage.getMinBackoff(), usage.getMaxBackoff(), System::nanoTime,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Bean
	@ConditionalOnMissingBean
	UsageCycle predictiveUsageCycle(Steps steps, TimeSource time, UsageAggregator aggregator,
			AdjustmentMultipliers adjustment, UsagePublisher publisher, PredictiveLoopProperties loop,
			ObjectProvider<StepCloseListener> listener, PredictiveProperties properties) {
		return new UsageCycle(steps, time, aggregator, adjustment, publisher, UsageCloseDelay.of(properties, loop),
				listener.getIfAvailable(() -> (step, records) -> {
				}));
	}

	@Bean
	PeriodicTask predictiveUsageTask(UsageCycle cycle, PredictiveProperties properties, PredictiveLoopProperties loop) {
		return new PeriodicTask("predictive-usage", Duration.ZERO, PeriodicTask.twentiethOf(realStep(properties, loop)),
				() -> cycle.tick().subscribe());
	}

	/** Publishes the current step's usage when the application shuts down. */
	@Bean
	UsageFinalFlush predictiveUsageFinalFlush(UsageCycle cycle, UsagePublisher publisher,
			PredictiveLoopProperties loop) {
		return new UsageFinalFlush(cycle, publisher, loop.getUsage().getFinalFlushTimeout());
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

	/** How long one step lasts in real time. */
	static Duration realStep(PredictiveProperties properties, PredictiveLoopProperties loop) {
		return Duration.ofNanos((long) (properties.getStep().toNanos() / loop.getTimeScale()));
	}

	private static String instanceId(PredictiveLoopProperties.Usage usage) {
		if (usage.getInstanceId() != null) {
			return usage.getInstanceId();
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
