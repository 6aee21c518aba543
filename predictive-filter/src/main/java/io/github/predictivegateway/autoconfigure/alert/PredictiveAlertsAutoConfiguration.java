package io.github.predictivegateway.autoconfigure.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.alert.AlertCycle;
import io.github.predictivegateway.alert.AlertEvaluator;
import io.github.predictivegateway.alert.AlertMeters;
import io.github.predictivegateway.alert.AlertNotifier;
import io.github.predictivegateway.alert.WebhookNotifier;
import io.github.predictivegateway.alert.WebhookSettings;
import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.TimeSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * In-process alerting: the rules of {@link io.github.predictivegateway.alert.AlertRules},
 * evaluated every {@code predictive.alerts.evaluation-interval} against the application's
 * {@link MeterRegistry} (so only where there is one), with the engine's
 * {@link TimeSource}, and sent to {@code predictive.alerts.webhook-url} (without one,
 * alerts are only logged and counted in {@code predictive.alerts.firing}). Without a
 * forecaster (no sidecar-url and no embedded forecaster) forecasts are never fresh, by
 * design, so ForecastStale is left out. UpstreamTimeouts reads Gateway's route timer,
 * named after {@code spring.cloud.gateway.server.webflux.metrics.prefix}. Every bean can
 * be replaced, e.g. the {@link AlertNotifier} to send alerts elsewhere.
 */
@AutoConfiguration(after = { PredictiveAutoConfiguration.class, PredictiveForecastAutoConfiguration.class },
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ AbstractGatewayFilterFactory.class, MeterRegistry.class })
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = PredictiveAlertsProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean({ MeterRegistry.class, TimeSource.class })
@EnableConfigurationProperties(PredictiveAlertsProperties.class)
public class PredictiveAlertsAutoConfiguration {

	private static final String EMBEDDED_FORECASTER = "predictiveEmbeddedForecaster";

	/**
	 * Where Gateway takes the prefix of its route meters from; the default gives
	 * {@code spring.cloud.gateway.requests}.
	 */
	static final String GATEWAY_METRICS_PREFIX = "spring.cloud.gateway.server.webflux.metrics.prefix";

	@Bean
	@ConditionalOnMissingBean
	AlertEvaluator predictiveAlertEvaluator(PredictiveAlertsProperties properties, MeterRegistry registry,
			TimeSource time, ObjectProvider<SidecarForecastClient> sidecar, ListableBeanFactory beans,
			Environment environment) {
		// by name: EmbeddedForecaster's class needs forecast-engine, an optional
		// dependency
		boolean forecaster = sidecar.getIfAvailable() != null || beans.containsBean(EMBEDDED_FORECASTER);
		return new AlertEvaluator(AlertRuleSettings.rules(properties, forecaster, gatewayRequests(environment)),
				registry, time, properties.repeatInterval(), properties.labels());
	}

	/**
	 * The name of Gateway's route timer: its metrics prefix (without a trailing dot) +
	 * {@code .requests}.
	 */
	static String gatewayRequests(Environment environment) {
		String prefix = environment.getProperty(GATEWAY_METRICS_PREFIX);
		if (prefix == null) {
			return PredictiveMetricNames.GATEWAY_REQUESTS;
		}
		return (prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix) + ".requests";
	}

	/**
	 * Posts to the webhook when one is set; otherwise alerts are only logged (by
	 * {@link AlertCycle}).
	 */
	@Bean
	@ConditionalOnMissingBean
	AlertNotifier predictiveAlertNotifier(PredictiveAlertsProperties properties) {
		if (properties.webhookUrl() == null) {
			return alerts -> Mono.just(true);
		}
		return new WebhookNotifier(new WebhookSettings(properties.webhookUrl(), properties.generatorUrl(),
				properties.timeout(), properties.maxAttempts(), properties.minBackoff(), properties.maxBackoff()));
	}

	@Bean
	@ConditionalOnMissingBean
	AlertCycle predictiveAlertCycle(AlertEvaluator evaluator, AlertNotifier notifier) {
		return new AlertCycle(evaluator, notifier);
	}

	@Bean
	PeriodicTask predictiveAlertTask(AlertCycle cycle, PredictiveAlertsProperties properties) {
		return new PeriodicTask("predictive-alerts", properties.evaluationInterval(), properties.evaluationInterval(),
				() -> cycle.tick().subscribe());
	}

	@Bean
	MeterBinder predictiveAlertMeters(AlertCycle cycle) {
		return registry -> AlertMeters.register(cycle, registry);
	}

}
