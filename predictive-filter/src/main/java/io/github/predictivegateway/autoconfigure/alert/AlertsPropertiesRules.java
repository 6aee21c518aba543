package io.github.predictivegateway.autoconfigure.alert;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.alert.AlertRules;

import org.springframework.validation.Errors;

/**
 * The rules of {@link PredictiveAlertsProperties}. Each broken rule is one error whose
 * message names the property, its value and what is allowed.
 */
final class AlertsPropertiesRules {

	private static final String P = PredictiveAlertsProperties.PREFIX + ".";

	/** Prometheus' label names. */
	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private final PredictiveAlertsProperties properties;

	AlertsPropertiesRules(PredictiveAlertsProperties properties) {
		this.properties = properties;
	}

	void check(Errors errors) {
		URI url = this.properties.getWebhookUrl();
		if (url != null && (url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null)) {
			reject(errors, "webhook-url", P + "webhook-url is '" + url
					+ "'; it must be an http or https URL with a host, e.g. http://alertmanager:9093/api/v2/alerts");
		}
		positive(errors, "evaluation-interval", this.properties.getEvaluationInterval());
		positive(errors, "repeat-interval", this.properties.getRepeatInterval());
		positive(errors, "timeout", this.properties.getTimeout());
		positive(errors, "min-backoff", this.properties.getMinBackoff());
		positive(errors, "max-backoff", this.properties.getMaxBackoff());
		if (this.properties.getMinBackoff() != null && this.properties.getMaxBackoff() != null
				&& this.properties.getMaxBackoff().compareTo(this.properties.getMinBackoff()) < 0) {
			reject(errors, "max-backoff", P + "max-backoff is " + this.properties.getMaxBackoff() + ", below " + P
					+ "min-backoff " + this.properties.getMinBackoff());
		}
		this.properties.getLabels().forEach((name, value) -> {
			if (!LABEL_NAME.matcher(name).matches() || name.equals("alertname") || name.equals("severity")) {
				reject(errors, "labels", P + "labels." + name + " is not a label name an alert can take: letters, "
						+ "digits and '_', not starting with a digit, neither alertname nor severity");
			}
		});
		Map<String, String> seen = new HashMap<>();
		this.properties.getRules().forEach((key, rule) -> {
			String name = AlertRuleSettings.ruleName(key);
			if (name == null) {
				reject(errors, "rules", P + "rules." + key + " is not an alert rule; the rules are " + AlertRules.NAMES
						+ " (or their kebab-case, e.g. throttling-high)");
				return;
			}
			String previous = seen.put(name, key);
			if (previous != null) {
				reject(errors, "rules",
						P + "rules." + key + " and " + P + "rules." + previous + " configure the same rule " + name);
			}
			checkRule(errors, P + "rules." + key + ".", name, rule);
		});
	}

	private static void checkRule(Errors errors, String prefix, String name, PredictiveAlertsProperties.Rule rule) {
		Double threshold = rule.getThreshold();
		if (threshold != null) {
			switch (name) {
				case AlertRules.FORECAST_COVERAGE_LOW -> {
					if (!(threshold > 0 && threshold <= 1)) {
						reject(errors, "rules",
								prefix + "threshold is " + threshold + "; a coverage threshold must be within (0, 1]");
					}
				}
				case AlertRules.FORECAST_MASE_HIGH -> {
					if (!(threshold > 0) || threshold.isInfinite()) {
						reject(errors, "rules", prefix + "threshold is " + threshold
								+ "; a MASE threshold must be a positive finite number");
					}
				}
				case AlertRules.THROTTLING_HIGH, AlertRules.UPSTREAM_TIMEOUTS -> {
					if (!(threshold >= 0 && threshold < 1)) {
						reject(errors, "rules",
								prefix + "threshold is " + threshold + "; a share threshold must be within [0, 1)");
					}
				}
				default -> reject(errors, "rules", prefix + "threshold is set, but " + name + " has no threshold; only "
						+ AlertRules.WITH_THRESHOLD + " do");
			}
		}
		if (rule.getFor() != null && rule.getFor().isNegative()) {
			reject(errors, "rules", prefix + "for is " + rule.getFor() + "; it must not be negative");
		}
		boolean windowed = AlertRules.WITH_WINDOW.contains(name);
		if (rule.getWindow() != null && (!windowed || rule.getWindow().isZero() || rule.getWindow().isNegative())) {
			reject(errors, "rules", prefix + "window is " + rule.getWindow()
					+ (windowed ? "; it must be positive" : "; only " + AlertRules.WITH_WINDOW + " have a window"));
		}
		atLeastOne(errors, prefix + "min-decisions", rule.getMinDecisions(), name, AlertRules.THROTTLING_HIGH);
		atLeastOne(errors, prefix + "min-requests", rule.getMinRequests(), name, AlertRules.UPSTREAM_TIMEOUTS);
	}

	/** A count only {@code owner} has, which must then be at least 1. */
	private static void atLeastOne(Errors errors, String property, @Nullable Long value, String name, String owner) {
		if (value != null && (!name.equals(owner) || value < 1)) {
			reject(errors, "rules", property + " is " + value
					+ (name.equals(owner) ? "; it must be at least 1" : "; only " + owner + " has it"));
		}
	}

	private static void positive(Errors errors, String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			reject(errors, name, P + name + " is " + value + "; it must be positive");
		}
	}

	private static void reject(Errors errors, String code, String message) {
		errors.reject(P + code, message);
	}

}
