package io.github.predictivegateway.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * The meters of alerting itself: {@code predictive.alerts.firing} per rule
 * ({@code alertname}: a fixed set, one per rule) and
 * {@code predictive.alerts.notification.failures}. Both are read from the cycle when
 * scraped.
 */
public final class AlertMeters {

	private AlertMeters() {
	}

	public static void register(AlertCycle cycle, MeterRegistry registry) {
		AlertEvaluator evaluator = cycle.evaluator();
		for (AlertRule rule : evaluator.rules()) {
			String name = rule.name();
			Gauge.builder(PredictiveMetricNames.ALERTS_FIRING, evaluator, e -> e.firing(name))
				.tag(PredictiveMetricNames.ALERTNAME, name)
				.description("Label sets of the alert rule that are firing")
				.register(registry);
		}
		FunctionCounter.builder(PredictiveMetricNames.ALERTS_NOTIFICATION_FAILURES, cycle, AlertCycle::failures)
			.description("Alert notifications not delivered after their retries")
			.register(registry);
	}

}
