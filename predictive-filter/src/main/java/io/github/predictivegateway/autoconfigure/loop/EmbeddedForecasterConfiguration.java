package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code predictive.forecast.sidecar-url} and
 * {@code forecast-service} on the class path, the sidecar's engine runs in this process
 * ({@link EmbeddedForecaster}), fed with this gateway's own usage, and its forecast
 * snapshot is read directly, without HTTP, through the same validation as the sidecar's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.predictivegateway.sidecar.forecast.ForecastSnapshots")
@ConditionalOnExpression("'${predictive.forecast.sidecar-url:}'.isEmpty()")
@ConditionalOnProperty(prefix = PredictiveEmbeddedProperties.PREFIX, name = "enabled", matchIfMissing = true)
class EmbeddedForecasterConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedForecaster predictiveEmbeddedForecaster(PredictiveProperties properties,
			PredictiveEmbeddedProperties embedded, TimeSource time) {
		return EmbeddedForecaster.open(properties.step(), embedded, time);
	}

	@Bean
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

	@Bean
	PeriodicTask predictiveEmbeddedRetrainTask(EmbeddedForecaster forecaster, PredictiveEmbeddedProperties embedded,
			PredictiveProperties properties) {
		Duration interval = Duration
			.ofNanos(Math.max(1_000_000L, (long) (embedded.retrainInterval().toNanos() / properties.timeScale())));
		return new PeriodicTask("predictive-embedded-retrain", embedded.retrainInitialDelay(), interval,
				forecaster::retrain);
	}

	@Bean
	PeriodicTask predictiveEmbeddedLoaderTask(EmbeddedForecaster forecaster, PredictiveEmbeddedProperties embedded) {
		Duration poll = embedded.loaderPollInterval();
		return new PeriodicTask("predictive-embedded-loader", poll, poll, forecaster::reloadModels);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageSink predictiveEmbeddedUsageSink(EmbeddedForecaster forecaster) {
		return forecaster::publish;
	}

}
