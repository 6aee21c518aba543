package io.github.predictivegateway.test;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

import org.springframework.cloud.gateway.filter.GatewayMetricsFilter;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayHttpTagsProvider;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayRouteTagsProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud Gateway's route timer ({@value PredictiveMetricNames#GATEWAY_REQUESTS},
 * tagged with the route and the status answered), as Gateway registers it by itself where
 * Micrometer metrics are auto-configured (with Actuator, as in gateway-app); this
 * module's tests run without them.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayRouteMetrics {

	/** Gateway's default metrics prefix: the timer's name without {@code .requests}. */
	private static final String PREFIX = PredictiveMetricNames.GATEWAY_REQUESTS.substring(0,
			PredictiveMetricNames.GATEWAY_REQUESTS.lastIndexOf('.'));

	@Bean
	GatewayMetricsFilter testGatewayMetricsFilter(MeterRegistry registry) {
		return new GatewayMetricsFilter(registry,
				List.of(new GatewayHttpTagsProvider(), new GatewayRouteTagsProvider()), PREFIX);
	}

}
