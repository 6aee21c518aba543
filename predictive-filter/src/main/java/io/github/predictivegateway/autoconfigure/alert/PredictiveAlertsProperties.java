package io.github.predictivegateway.autoconfigure.alert;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * In-process alerting under {@code predictive.alerts.*}: how often the rules are
 * evaluated, where alerts are sent and how, and each rule's threshold and {@code for:}
 * duration under {@code rules.<alert name>} (kebab-case, e.g.
 * {@code rules.throttling-high}, or the alert's own name). Checked by
 * {@link AlertsPropertiesRules}: a bad value stops start-up with a message naming the
 * property.
 */
@ConfigurationProperties(PredictiveAlertsProperties.PREFIX)
@Validated
public class PredictiveAlertsProperties implements Validator {

	public static final String PREFIX = "predictive.alerts";

	/** Evaluate the alert rules (and send alerts when a webhook-url is set). */
	private boolean enabled = true;

	/**
	 * Where alerts are posted as Alertmanager JSON, e.g.
	 * http://alertmanager:9093/api/v2/alerts; unset: logged only.
	 */
	private @Nullable URI webhookUrl;

	/**
	 * The generatorURL of every alert (a link back, e.g. to the dashboard); unset: left
	 * out.
	 */
	private @Nullable String generatorUrl;

	/** Labels added to every alert, e.g. cluster: eu-1. */
	private Map<String, String> labels = new LinkedHashMap<>();

	/** How often the rules are evaluated (real time). */
	private Duration evaluationInterval = Duration.ofSeconds(15);

	/**
	 * How often a firing alert is sent again; it is valid for four of these (engine
	 * time).
	 */
	private Duration repeatInterval = Duration.ofMinutes(5);

	/** Time limit of one webhook call. */
	private Duration timeout = Duration.ofSeconds(5);

	/** Attempts per notification, the first included. */
	@Min(1)
	@Max(100)
	private int maxAttempts = 5;

	/** First retry backoff (real time); it doubles, with jitter, up to max-backoff. */
	private Duration minBackoff = Duration.ofSeconds(1);

	/** Longest retry backoff. */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/** Per-rule settings, by alert name. */
	private Map<String, Rule> rules = new LinkedHashMap<>();

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveAlertsProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new AlertsPropertiesRules((PredictiveAlertsProperties) target).check(errors);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getWebhookUrl() {
		return this.webhookUrl;
	}

	public void setWebhookUrl(@Nullable URI webhookUrl) {
		this.webhookUrl = webhookUrl;
	}

	public @Nullable String getGeneratorUrl() {
		return this.generatorUrl;
	}

	public void setGeneratorUrl(@Nullable String generatorUrl) {
		this.generatorUrl = generatorUrl;
	}

	public Map<String, String> getLabels() {
		return this.labels;
	}

	public void setLabels(Map<String, String> labels) {
		this.labels = labels;
	}

	public Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	public void setEvaluationInterval(Duration evaluationInterval) {
		this.evaluationInterval = evaluationInterval;
	}

	public Duration getRepeatInterval() {
		return this.repeatInterval;
	}

	public void setRepeatInterval(Duration repeatInterval) {
		this.repeatInterval = repeatInterval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getMinBackoff() {
		return this.minBackoff;
	}

	public void setMinBackoff(Duration minBackoff) {
		this.minBackoff = minBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Map<String, Rule> getRules() {
		return this.rules;
	}

	public void setRules(Map<String, Rule> rules) {
		this.rules = rules;
	}

	/**
	 * One rule's settings; what is left unset keeps the rule's default (see README,
	 * "Alerts").
	 */
	public static class Rule {

		/** Evaluate this rule. */
		private boolean enabled = true;

		/**
		 * The rule's threshold (only ForecastCoverageLow, ForecastMaseHigh,
		 * ThrottlingHigh and UpstreamTimeouts have one).
		 */
		private @Nullable Double threshold;

		/** How long the condition must hold before the alert fires (engine time). */
		private @Nullable Duration forDuration;

		/**
		 * ThrottlingHigh, ForecastSnapshotRefused and UpstreamTimeouts only: the window
		 * of their counters (engine time).
		 */
		private @Nullable Duration window;

		/**
		 * ThrottlingHigh only: the fewest decisions in the window for the rate to count.
		 */
		private @Nullable Long minDecisions;

		/**
		 * UpstreamTimeouts only: the fewest requests of a route in the window for its
		 * share of 504s to count.
		 */
		private @Nullable Long minRequests;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(@Nullable Double threshold) {
			this.threshold = threshold;
		}

		/** Bound from {@code for} (a Java keyword). */
		public @Nullable Duration getFor() {
			return this.forDuration;
		}

		public void setFor(@Nullable Duration forDuration) {
			this.forDuration = forDuration;
		}

		public @Nullable Duration getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Duration window) {
			this.window = window;
		}

		public @Nullable Long getMinDecisions() {
			return this.minDecisions;
		}

		public void setMinDecisions(@Nullable Long minDecisions) {
			this.minDecisions = minDecisions;
		}

		public @Nullable Long getMinRequests() {
			return this.minRequests;
		}

		public void setMinRequests(@Nullable Long minRequests) {
			this.minRequests = minRequests;
		}

	}

}
