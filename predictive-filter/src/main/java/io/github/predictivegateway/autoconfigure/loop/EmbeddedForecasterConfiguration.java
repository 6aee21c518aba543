package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.autoconfigure.redis.PredictiveRedisProperties;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.forecaster.usage.RedisUsageReader;
import io.github.predictivegateway.forecaster.usage.UsageStreamPosition;
import io.github.predictivegateway.redis.ForecasterLeadership;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.redis.RedisGuard;
import io.github.predictivegateway.redis.RedisKeys;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.time.TimeSourceClock;
import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code predictive.forecast.sidecar-url} and
 * {@code forecast-engine} on the class path, the forecaster engine runs in this process
 * ({@link EmbeddedForecaster}, settings {@code predictive.embedded.*}), fed with this
 * gateway's own usage, and its forecast snapshot is handed over as an object, without
 * HTTP or JSON, through the same validation as the sidecar's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.predictivegateway.forecaster.ForecasterEngine")
@ConditionalOnExpression("'${predictive.forecast.sidecar-url:}'.isEmpty()")
@ConditionalOnProperty(prefix = EmbeddedForecasterProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EmbeddedForecasterProperties.class)
class EmbeddedForecasterConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedForecaster predictiveEmbeddedForecaster(PredictiveProperties properties,
			EmbeddedForecasterProperties embedded, TimeSource time) {
		return EmbeddedForecaster.open(embedded.settings(properties.step()), time);
	}

	@Bean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "store", havingValue = "local",
			matchIfMissing = true)
	PeriodicTask predictiveEmbeddedRefreshTask(EmbeddedForecaster forecaster, ForecastSnapshotReader reader,
			@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE) SnapshotForecastSource target,
			PredictiveForecastProperties forecast) {
		AtomicBoolean inFlight = new AtomicBoolean();
		return new PeriodicTask("predictive-embedded-forecast", Duration.ZERO, forecast.refreshInterval(), () -> {
			if (inFlight.compareAndSet(false, true)) {
				try {
					forecaster.refreshInto(reader, target);
				}
				finally {
					inFlight.set(false);
				}
			}
		});
	}

	/**
	 * Retrains every {@code retrain-interval} of engine time: compressed time retrains
	 * every compressed day.
	 */
	@Bean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "store", havingValue = "local",
			matchIfMissing = true)
	PeriodicTask predictiveEmbeddedRetrainTask(EmbeddedForecaster forecaster, PredictiveProperties properties) {
		ForecasterSettings settings = forecaster.settings();
		return new PeriodicTask("predictive-embedded-retrain", settings.retrainInitialDelay(),
				settings.retrainPeriod(properties.timeScale()), forecaster::retrain);
	}

	@Bean
	PeriodicTask predictiveEmbeddedLoaderTask(EmbeddedForecaster forecaster) {
		Duration poll = forecaster.settings().loaderPollInterval();
		return new PeriodicTask("predictive-embedded-loader", poll, poll, forecaster::reloadModels);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "store", havingValue = "local",
			matchIfMissing = true)
	UsageSink predictiveEmbeddedUsageSink(EmbeddedForecaster forecaster) {
		return forecaster::publish;
	}

	/**
	 * Distributed mode without a sidecar: the instances run one forecaster for the
	 * cluster ({@link ClusterForecast}): every instance reads the usage stream into its
	 * engine, the leader of the moment retrains and publishes its snapshot to Redis, and
	 * all serve it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "store", havingValue = "redis")
	static class Cluster {

		@Bean(destroyMethod = "close")
		ForecasterLeadership predictiveForecasterLeadership(RedisConnector connector, RedisKeys keys, RedisGuard guard,
				PredictiveProperties properties, PredictiveRedisProperties redis,
				PredictiveForecastProperties forecast) {
			return new ForecasterLeadership(connector, keys, guard, redis.forecasterLease(properties.realStep()),
					forecast.refreshInterval());
		}

		@Bean
		ClusterForecast predictiveClusterForecast(EmbeddedForecaster forecaster, ForecasterLeadership leadership,
				RedisConnector connector, RedisKeys keys, TimeSource time) {
			ForecasterSettings settings = forecaster.settings();
			return new ClusterForecast(forecaster, leadership,
					() -> new RedisUsageReader(connector.streamCommands(),
							UsageStreamPosition.open(settings.dataDir(), keys.usageStream()),
							new UsageValidator(settings.stepSeconds(), MAX_BATCH_RECORDS, new TimeSourceClock(time)),
							forecaster.store(), ENTRIES_PER_READ),
					ENTRIES_PER_READ);
		}

		@Bean
		PeriodicTask predictiveClusterForecasterLeaseTask(ClusterForecast cluster, ForecasterLeadership leadership) {
			return new PeriodicTask("predictive-forecaster-lease", Duration.ZERO, leadership.renewInterval(),
					cluster::lead);
		}

		@Bean
		PeriodicTask predictiveClusterUsageIntakeTask(ClusterForecast cluster, PredictiveProperties properties) {
			Duration poll = PeriodicTask.twentiethOf(properties.realStep());
			return new PeriodicTask("predictive-usage-intake", poll, poll, cluster::intake);
		}

		@Bean
		PeriodicTask predictiveClusterRefreshTask(ClusterForecast cluster, ForecastSnapshotReader reader,
				@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE) SnapshotForecastSource target,
				PredictiveForecastProperties forecast) {
			return new PeriodicTask("predictive-embedded-forecast", Duration.ZERO, forecast.refreshInterval(),
					() -> cluster.refreshInto(reader, target));
		}

		@Bean
		PeriodicTask predictiveClusterRetrainTask(ClusterForecast cluster, EmbeddedForecaster forecaster,
				PredictiveProperties properties) {
			ForecasterSettings settings = forecaster.settings();
			return new PeriodicTask("predictive-embedded-retrain", settings.retrainInitialDelay(),
					settings.retrainPeriod(properties.timeScale()), cluster::retrain);
		}

		private static final int ENTRIES_PER_READ = 100;

		/** Most records in one usage batch, as the sidecar's default takes. */
		private static final int MAX_BATCH_RECORDS = 10_000;

	}

}
