package io.github.predictivegateway.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code predictive.forecast.sidecar-url} and
 * {@code forecast-engine} on the class path, the sidecar's engine runs in this process
 * ({@link EmbeddedForecaster}), fed with this gateway's own usage, and its forecast
 * snapshot is read directly, without HTTP, through the same validation as the sidecar's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots")
@ConditionalOnExpression("'${predictive.forecast.sidecar-url:}'.isEmpty()")
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX + ".embedded", name = "enabled", matchIfMissing = true)
class EmbeddedForecasterConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedForecaster predictiveEmbeddedForecaster(PredictiveProperties properties, PredictiveLoopProperties loop,
			TimeSource time) {
		return EmbeddedForecaster.open(properties.getStep(), loop.getEmbedded(), time);
	}

	@Bean
	PeriodicTask predictiveEmbeddedRefreshTask(EmbeddedForecaster forecaster, ForecastSnapshotReader reader,
			@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE) SnapshotForecastSource target,
			PredictiveLoopProperties loop) {
		AtomicBoolean inFlight = new AtomicBoolean();
		return new PeriodicTask("predictive-embedded-forecast", Duration.ZERO, loop.getForecast().getRefreshInterval(),
				() -> {
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

	@Bean
	PeriodicTask predictiveEmbeddedRetrainTask(EmbeddedForecaster forecaster, PredictiveLoopProperties loop) {
		PredictiveLoopProperties.Embedded embedded = loop.getEmbedded();
		Duration interval = Duration
			.ofNanos(Math.max(1_000_000L, (long) (embedded.getRetrainInterval().toNanos() / loop.getTimeScale())));
		return new PeriodicTask("predictive-embedded-retrain", embedded.getRetrainInitialDelay(), interval,
				forecaster::retrain);
	}

	@Bean
	PeriodicTask predictiveEmbeddedLoaderTask(EmbeddedForecaster forecaster, PredictiveLoopProperties loop) {
		Duration poll = loop.getEmbedded().getLoaderPollInterval();
		return new PeriodicTask("predictive-embedded-loader", poll, poll, forecaster::reloadModels);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageSink predictiveEmbeddedUsageSink(EmbeddedForecaster forecaster) {
		return forecaster::publish;
	}

}
