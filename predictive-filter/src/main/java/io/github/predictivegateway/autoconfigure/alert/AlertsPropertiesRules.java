package io.github.predictivegateway.autoconfigure.alert;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.alert.AlertRules;
import io.github.predictivegateway.autoconfigure.PropertyRules;

/**
 * The rules of {@link PredictiveAlertsProperties}. Each broken rule is one error whose
 * message names the property, its value and what is allowed.
 */
record AlertsPropertiesRules(PredictiveAlertsProperties properties, PropertyRules rules) {

	private static final String P = PredictiveAlertsProperties.PREFIX + ".";

	/** Prometheus' label names. */
	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	void check() {
		URI url = this.properties.webhookUrl();
		if (url != null && (url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null)) {
			this.rules.reject("webhook-url", P + "webhook-url is '" + url
					+ "'; it must be an http or https URL with a host, e.g. http://alertmanager:9093/api/v2/alerts");
		}
		this.rules.positive("evaluation-interval", this.properties.evaluationInterval());
		this.rules.positive("repeat-interval", this.properties.repeatInterval());
		this.rules.positive("timeout", this.properties.timeout());
		this.rules.positive("min-backoff", this.properties.minBackoff());
		this.rules.positive("max-backoff", this.properties.maxBackoff());
		if (this.properties.minBackoff() != null && this.properties.maxBackoff() != null
				&& this.properties.maxBackoff().compareTo(this.properties.minBackoff()) < 0) {
			this.rules.reject("max-backoff", P + "max-backoff is " + this.properties.maxBackoff() + ", below " + P
					+ "min-backoff " + this.properties.minBackoff());
		}
		this.properties.labels().forEach((name, value) -> {
			if (!LABEL_NAME.matcher(name).matches() || name.equals("alertname") || name.equals("severity")) {
				this.rules.reject("labels", P + "labels." + name + " is not a label name an alert can take: letters, "
						+ "digits and '_', not starting with a digit, neither alertname nor severity");
			}
		});
		Map<String, String> seen = new HashMap<>();
		this.properties.rules().forEach((key, rule) -> {
			String name = AlertRuleSettings.ruleName(key);
			if (name == null) {
				this.rules.reject("rules", P + "rules." + key + " is not an alert rule; the rules are "
						+ AlertRules.NAMES + " (or their kebab-case, e.g. throttling-high)");
				return;
			}
			String previous = seen.put(name, key);
			if (previous != null) {
				this.rules.reject("rules",
						P + "rules." + key + " and " + P + "rules." + previous + " configure the same rule " + name);
			}
			checkRule(P + "rules." + key + ".", name, rule);
		});
	}

	private void checkRule(String prefix, String name, PredictiveAlertsProperties.Rule rule) {
		Double threshold = rule.threshold();
		if (threshold != null) {
			switch (name) {
				case AlertRules.FORECAST_COVERAGE_LOW -> {
					if (!(threshold > 0 && threshold <= 1)) {
						this.rules.reject("rules",
								prefix + "threshold is " + threshold + "; a coverage threshold must be within (0, 1]");
					}
				}
				case AlertRules.FORECAST_MASE_HIGH -> {
					if (!(threshold > 0) || threshold.isInfinite()) {
						this.rules.reject("rules", prefix + "threshold is " + threshold
								+ "; a MASE threshold must be a positive finite number");
					}
				}
				case AlertRules.THROTTLING_HIGH, AlertRules.UPSTREAM_TIMEOUTS -> {
					if (!(threshold >= 0 && threshold < 1)) {
						this.rules.reject("rules",
								prefix + "threshold is " + threshold + "; a share threshold must be within [0, 1)");
					}
				}
				default -> this.rules.reject("rules", prefix + "threshold is set, but " + name
						+ " has no threshold; only " + AlertRules.WITH_THRESHOLD + " do");
			}
		}
		if (rule.forDuration() != null && rule.forDuration().isNegative()) {
			this.rules.reject("rules", prefix + "for is " + rule.forDuration() + "; it must not be negative");
		}
		boolean windowed = AlertRules.WITH_WINDOW.contains(name);
		if (rule.window() != null && (!windowed || rule.window().isZero() || rule.window().isNegative())) {
			this.rules.reject("rules", prefix + "window is " + rule.window()
					+ (windowed ? "; it must be positive" : "; only " + AlertRules.WITH_WINDOW + " have a window"));
		}
		atLeastOne(prefix + "min-decisions", rule.minDecisions(), name, AlertRules.THROTTLING_HIGH);
		atLeastOne(prefix + "min-requests", rule.minRequests(), name, AlertRules.UPSTREAM_TIMEOUTS);
	}

	/** A count only {@code owner} has, which must then be at least 1. */
	private void atLeastOne(String property, @Nullable Long value, String name, String owner) {
		if (value != null && (!name.equals(owner) || value < 1)) {
			this.rules.reject("rules", property + " is " + value
					+ (name.equals(owner) ? "; it must be at least 1" : "; only " + owner + " has it"));
		}
	}

}
