package io.github.predictivegateway.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.alert.AlertRule;
import io.github.predictivegateway.alert.AlertRules;

/**
 * Each alert rule's defaults, and the rules built from {@link PredictiveAlertsProperties} with them: a property left
 * unset keeps the default.
 *
 * <table>
 * <tr><th>rule</th><th>threshold</th><th>for</th></tr>
 * <tr><td>ForecastCoverageLow</td><td>0.8</td><td>30m</td></tr>
 * <tr><td>ForecastMaseHigh</td><td>1.5</td><td>30m</td></tr>
 * <tr><td>ThrottlingHigh</td><td>0.1 (window 5m, at least 100 decisions)</td><td>5m</td></tr>
 * <tr><td>ForecastStale</td><td></td><td>1m</td></tr>
 * <tr><td>SidecarUnavailable</td><td></td><td>2m</td></tr>
 * <tr><td>RedisUnavailable</td><td></td><td>1m</td></tr>
 * </table>
 */
final class AlertRuleSettings {

	record Defaults(double threshold, Duration forDuration) {

	}

	static final Map<String, Defaults> DEFAULTS = Map.of(
			AlertRules.FORECAST_COVERAGE_LOW, new Defaults(0.8, Duration.ofMinutes(30)),
			AlertRules.FORECAST_MASE_HIGH, new Defaults(1.5, Duration.ofMinutes(30)),
			AlertRules.THROTTLING_HIGH, new Defaults(0.1, Duration.ofMinutes(5)),
			AlertRules.FORECAST_STALE, new Defaults(Double.NaN, Duration.ofMinutes(1)),
			AlertRules.SIDECAR_UNAVAILABLE, new Defaults(Double.NaN, Duration.ofMinutes(2)),
			AlertRules.REDIS_UNAVAILABLE, new Defaults(Double.NaN, Duration.ofMinutes(1)));

	static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

	static final long DEFAULT_MIN_DECISIONS = 100;

	private AlertRuleSettings() {
	}

	/** The alert name a {@code rules.<key>} stands for: the name itself or its kebab-case; null when none. */
	static @Nullable String ruleName(String key) {
		String plain = key.replace("-", "");
		for (String name : AlertRules.NAMES) {
			if (name.equalsIgnoreCase(plain)) {
				return name;
			}
		}
		return null;
	}

	/**
	 * The enabled rules, configured over their defaults; the properties are already validated.
	 * @param forecaster whether forecasts come from a forecaster (the sidecar or the embedded one); without one
	 * they are never fresh, so {@code ForecastStale} is left out
	 */
	static List<AlertRule> rules(PredictiveAlertsProperties properties, boolean forecaster) {
		List<AlertRule> rules = new ArrayList<>();
		for (String name : AlertRules.NAMES) {
			PredictiveAlertsProperties.Rule rule = configured(properties, name);
			if (!rule.isEnabled() || (!forecaster && name.equals(AlertRules.FORECAST_STALE))) {
				continue;
			}
			Defaults defaults = DEFAULTS.get(name);
			double threshold = (rule.getThreshold() != null) ? rule.getThreshold() : defaults.threshold();
			Duration forDuration = (rule.getFor() != null) ? rule.getFor() : defaults.forDuration();
			rules.add(switch (name) {
				case AlertRules.FORECAST_COVERAGE_LOW -> AlertRules.forecastCoverageLow(forDuration, threshold);
				case AlertRules.FORECAST_MASE_HIGH -> AlertRules.forecastMaseHigh(forDuration, threshold);
				case AlertRules.THROTTLING_HIGH -> AlertRules.throttlingHigh(forDuration, threshold,
						(rule.getWindow() != null) ? rule.getWindow() : DEFAULT_WINDOW,
						(rule.getMinDecisions() != null) ? rule.getMinDecisions() : DEFAULT_MIN_DECISIONS);
				case AlertRules.FORECAST_STALE -> AlertRules.forecastStale(forDuration);
				case AlertRules.SIDECAR_UNAVAILABLE -> AlertRules.sidecarUnavailable(forDuration);
				case AlertRules.REDIS_UNAVAILABLE -> AlertRules.redisUnavailable(forDuration);
				default -> throw new IllegalStateException("no rule named " + name);
			});
		}
		return rules;
	}

	private static PredictiveAlertsProperties.Rule configured(PredictiveAlertsProperties properties, String name) {
		for (Map.Entry<String, PredictiveAlertsProperties.Rule> entry : properties.getRules().entrySet()) {
			if (name.equals(ruleName(entry.getKey()))) {
				return entry.getValue();
			}
		}
		return new PredictiveAlertsProperties.Rule();
	}

}
