package io.github.predictivegateway.autoconfigure.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.alert.AlertRule;
import io.github.predictivegateway.alert.AlertRules;

/**
 * Each alert rule's defaults, and the rules built from {@link PredictiveAlertsProperties}
 * with them: a property left unset keeps the default.
 *
 * <table>
 * <tr>
 * <th>rule</th>
 * <th>threshold</th>
 * <th>for</th>
 * </tr>
 * <tr>
 * <td>ForecastCoverageLow</td>
 * <td>0.8</td>
 * <td>30m</td>
 * </tr>
 * <tr>
 * <td>ForecastMaseHigh</td>
 * <td>1.5</td>
 * <td>30m</td>
 * </tr>
 * <tr>
 * <td>ThrottlingHigh</td>
 * <td>0.1 (window 5m, at least 100 decisions)</td>
 * <td>5m</td>
 * </tr>
 * <tr>
 * <td>ForecastStale</td>
 * <td></td>
 * <td>1m</td>
 * </tr>
 * <tr>
 * <td>SidecarUnavailable</td>
 * <td></td>
 * <td>2m</td>
 * </tr>
 * <tr>
 * <td>ForecastSnapshotRefused</td>
 * <td>(window 2m)</td>
 * <td>2m</td>
 * </tr>
 * <tr>
 * <td>RedisUnavailable</td>
 * <td></td>
 * <td>1m</td>
 * </tr>
 * <tr>
 * <td>UpstreamTimeouts</td>
 * <td>0.05 (window 5m, at least 20 requests)</td>
 * <td>2m</td>
 * </tr>
 * <tr>
 * <td>UsagePublishFailing</td>
 * <td></td>
 * <td>2m</td>
 * </tr>
 * </table>
 */
final class AlertRuleSettings {

	/** A rule's defaults; threshold NaN and window null where the rule has none. */
	record Defaults(double threshold, Duration forDuration, @Nullable Duration window) {

	}

	static final Map<String, Defaults> DEFAULTS = Map.of(AlertRules.FORECAST_COVERAGE_LOW,
			new Defaults(0.8, Duration.ofMinutes(30), null), AlertRules.FORECAST_MASE_HIGH,
			new Defaults(1.5, Duration.ofMinutes(30), null), AlertRules.THROTTLING_HIGH,
			new Defaults(0.1, Duration.ofMinutes(5), Duration.ofMinutes(5)), AlertRules.FORECAST_STALE,
			new Defaults(Double.NaN, Duration.ofMinutes(1), null), AlertRules.SIDECAR_UNAVAILABLE,
			new Defaults(Double.NaN, Duration.ofMinutes(2), null),
			// for: at least the window, so that a single refused snapshot never fires it
			AlertRules.FORECAST_SNAPSHOT_REFUSED,
			new Defaults(Double.NaN, Duration.ofMinutes(2), Duration.ofMinutes(2)), AlertRules.REDIS_UNAVAILABLE,
			new Defaults(Double.NaN, Duration.ofMinutes(1), null), AlertRules.UPSTREAM_TIMEOUTS,
			new Defaults(0.05, Duration.ofMinutes(2), Duration.ofMinutes(5)), AlertRules.USAGE_PUBLISH_FAILING,
			new Defaults(Double.NaN, Duration.ofMinutes(2), null));

	static final long DEFAULT_MIN_DECISIONS = 100;

	static final long DEFAULT_MIN_REQUESTS = 20;

	private AlertRuleSettings() {
	}

	/**
	 * The alert name a {@code rules.<key>} stands for: the name itself or its kebab-case;
	 * null when none.
	 */
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
	 * The enabled rules, configured over their defaults; the properties are already
	 * validated.
	 * @param forecaster whether forecasts come from a forecaster (the sidecar or the
	 * embedded one); without one they are never fresh, so {@code ForecastStale} is left
	 * out
	 * @param gatewayRequests the name of Gateway's route timer ({@code UpstreamTimeouts}
	 * reads it)
	 */
	static List<AlertRule> rules(PredictiveAlertsProperties properties, boolean forecaster, String gatewayRequests) {
		List<AlertRule> rules = new ArrayList<>();
		for (String name : AlertRules.NAMES) {
			PredictiveAlertsProperties.Rule rule = configured(properties, name);
			if (!rule.enabled() || (!forecaster && name.equals(AlertRules.FORECAST_STALE))) {
				continue;
			}
			Defaults defaults = DEFAULTS.get(name);
			double threshold = (rule.threshold() != null) ? rule.threshold() : defaults.threshold();
			Duration forDuration = (rule.forDuration() != null) ? rule.forDuration() : defaults.forDuration();
			Duration window = (rule.window() != null) ? rule.window() : defaults.window();
			rules.add(switch (name) {
				case AlertRules.FORECAST_COVERAGE_LOW -> AlertRules.forecastCoverageLow(forDuration, threshold);
				case AlertRules.FORECAST_MASE_HIGH -> AlertRules.forecastMaseHigh(forDuration, threshold);
				case AlertRules.THROTTLING_HIGH -> AlertRules.throttlingHigh(forDuration, threshold, window,
						(rule.minDecisions() != null) ? rule.minDecisions() : DEFAULT_MIN_DECISIONS);
				case AlertRules.FORECAST_STALE -> AlertRules.forecastStale(forDuration);
				case AlertRules.SIDECAR_UNAVAILABLE -> AlertRules.sidecarUnavailable(forDuration);
				case AlertRules.FORECAST_SNAPSHOT_REFUSED -> AlertRules.forecastSnapshotRefused(forDuration, window);
				case AlertRules.REDIS_UNAVAILABLE -> AlertRules.redisUnavailable(forDuration);
				case AlertRules.UPSTREAM_TIMEOUTS -> AlertRules.upstreamTimeouts(forDuration, threshold, window,
						(rule.minRequests() != null) ? rule.minRequests() : DEFAULT_MIN_REQUESTS, gatewayRequests);
				case AlertRules.USAGE_PUBLISH_FAILING -> AlertRules.usagePublishFailing(forDuration);
				default -> throw new IllegalStateException("no rule named " + name);
			});
		}
		return rules;
	}

	private static PredictiveAlertsProperties.Rule configured(PredictiveAlertsProperties properties, String name) {
		for (Map.Entry<String, PredictiveAlertsProperties.Rule> entry : properties.rules().entrySet()) {
			if (name.equals(ruleName(entry.getKey()))) {
				return entry.getValue();
			}
		}
		return PredictiveAlertsProperties.Rule.unset();
	}

}
