package io.github.predictivegateway.autoconfigure.alert;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * In-process alerting under {@code predictive.alerts.*}: how often the rules are
 * evaluated, where alerts are sent and how, and each rule's threshold and {@code for:}
 * duration under {@code rules.<alert name>} (kebab-case, e.g.
 * {@code rules.throttling-high}, or the alert's own name). Checked by
 * {@link AlertsPropertiesRules}: a bad value stops start-up with a message naming the
 * property.
 *
 * @param enabled Evaluate the alert rules (and send alerts when a webhook-url is set).
 * @param webhookUrl Where alerts are posted as Alertmanager JSON, e.g.
 * http://alertmanager:9093/api/v2/alerts; unset: logged only.
 * @param generatorUrl The generatorURL of every alert (a link back, e.g. to the
 * dashboard); unset: left out.
 * @param labels Labels added to every alert, e.g. cluster: eu-1.
 * @param evaluationInterval How often the rules are evaluated (real time).
 * @param repeatInterval How often a firing alert is sent again; it is valid for four of
 * these (engine time).
 * @param timeout Time limit of one webhook call.
 * @param maxAttempts Attempts per notification, the first included.
 * @param minBackoff First retry backoff (real time); it doubles, with jitter, up to
 * max-backoff.
 * @param maxBackoff Longest retry backoff.
 * @param rules Per-rule settings, by alert name.
 */
@ConfigurationProperties(PredictiveAlertsProperties.PREFIX)
@Validated
public record PredictiveAlertsProperties(@DefaultValue("true") boolean enabled, @Nullable URI webhookUrl,
		@Nullable String generatorUrl, Map<String, String> labels, @DefaultValue("15s") Duration evaluationInterval,
		@DefaultValue("5m") Duration repeatInterval, @DefaultValue("5s") Duration timeout,
		@Min(1) @Max(100) @DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration minBackoff,
		@DefaultValue("30s") Duration maxBackoff, Map<String, Rule> rules) implements ValidatedProperties {

	public static final String PREFIX = "predictive.alerts";

	public PredictiveAlertsProperties {
		labels = (labels != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(labels)) : Map.of();
		rules = (rules != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(rules)) : Map.of();
	}

	@Override
	public void check(PropertyRules rules) {
		new AlertsPropertiesRules(this, rules).check();
	}

	/**
	 * One rule's settings; what is left unset keeps the rule's default (see README,
	 * "Alerts").
	 *
	 * @param enabled Evaluate this rule.
	 * @param threshold The rule's threshold (only ForecastCoverageLow, ForecastMaseHigh,
	 * ThrottlingHigh and UpstreamTimeouts have one).
	 * @param forDuration How long the condition must hold before the alert fires (engine
	 * time).
	 * @param window ThrottlingHigh, ForecastSnapshotRefused and UpstreamTimeouts only:
	 * the window of their counters (engine time).
	 * @param minDecisions ThrottlingHigh only: the fewest decisions in the window for the
	 * rate to count.
	 * @param minRequests UpstreamTimeouts only: the fewest requests of a route in the
	 * window for its share of 504s to count.
	 */
	public record Rule(@DefaultValue("true") boolean enabled, @Nullable Double threshold,
			@Name("for") @Nullable Duration forDuration, @Nullable Duration window, @Nullable Long minDecisions,
			@Nullable Long minRequests) {

		/** A rule left unconfigured: enabled, every setting at the rule's default. */
		public static Rule unset() {
			return new Rule(true, null, null, null, null, null);
		}

	}

}
