package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.UsageSink;

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
	UsageSink predictiveEmbeddedUsageSink(EmbeddedForecaster forecaster) {
		return forecaster::publish;
	}

}
