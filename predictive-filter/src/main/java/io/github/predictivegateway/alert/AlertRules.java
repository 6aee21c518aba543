package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.predictivegateway.alert.GaugeRule.Comparison;
import io.github.predictivegateway.alert.GaugeRule.Condition;
import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * The alert rules of predictive admission, the same as {@code config/prometheus/predictive-alerts.yml}:
 *
 * <table>
 * <tr><th>alert</th><th>holds when</th><th>labels</th></tr>
 * <tr><td>{@value #FORECAST_COVERAGE_LOW}</td><td>{@code predictive.forecast.coverage < threshold}</td><td>resource, tenant</td></tr>
 * <tr><td>{@value #FORECAST_MASE_HIGH}</td><td>{@code predictive.forecast.mase > threshold}</td><td>resource, tenant</td></tr>
 * <tr><td>{@value #THROTTLING_HIGH}</td><td>throttled / all decisions over a window {@code > threshold}</td><td>resource</td></tr>
 * <tr><td>{@value #FORECAST_STALE}</td><td>{@code predictive.forecast.stale >= 1}</td><td></td></tr>
 * <tr><td>{@value #SIDECAR_UNAVAILABLE}</td><td>{@code predictive.sidecar.up < 1} (0: the last pull failed)</td><td></td></tr>
 * <tr><td>{@value #REDIS_UNAVAILABLE}</td><td>{@code predictive.redis.connected < 1} or {@code predictive.redis.circuit.state >= 2} (open)</td><td></td></tr>
 * </table>
 */
public final class AlertRules {

	public static final String FORECAST_COVERAGE_LOW = "ForecastCoverageLow";

	public static final String FORECAST_MASE_HIGH = "ForecastMaseHigh";

	public static final String THROTTLING_HIGH = ThrottlingRateRule.NAME;

	public static final String FORECAST_STALE = "ForecastStale";

	public static final String SIDECAR_UNAVAILABLE = "SidecarUnavailable";

	public static final String REDIS_UNAVAILABLE = "RedisUnavailable";

	/** Every rule name, in the order rules are evaluated. */
	public static final List<String> NAMES = List.of(FORECAST_COVERAGE_LOW, FORECAST_MASE_HIGH, THROTTLING_HIGH,
			FORECAST_STALE, SIDECAR_UNAVAILABLE, REDIS_UNAVAILABLE);

	/** The rules that compare with a configurable threshold. */
	public static final Set<String> WITH_THRESHOLD = Set.of(FORECAST_COVERAGE_LOW, FORECAST_MASE_HIGH,
			THROTTLING_HIGH);

	private static final Set<String> SERIES = Set.of(PredictiveMetricNames.RESOURCE, PredictiveMetricNames.TENANT);

	private static final String WARNING = "warning";

	private static final String CRITICAL = "critical";

	private AlertRules() {
	}

	public static AlertRule forecastCoverageLow(Duration forDuration, double threshold) {
		return new GaugeRule(FORECAST_COVERAGE_LOW, WARNING, forDuration,
				"Forecast intervals cover too little of the demand", SERIES,
				List.of(new Condition(PredictiveMetricNames.FORECAST_COVERAGE, Comparison.BELOW, threshold)));
	}

	public static AlertRule forecastMaseHigh(Duration forDuration, double threshold) {
		return new GaugeRule(FORECAST_MASE_HIGH, WARNING, forDuration,
				"Forecast error (MASE) above its threshold", SERIES,
				List.of(new Condition(PredictiveMetricNames.FORECAST_MASE, Comparison.ABOVE, threshold)));
	}

	public static AlertRule throttlingHigh(Duration forDuration, double threshold, Duration window,
			long minDecisions) {
		return new ThrottlingRateRule(WARNING, forDuration, threshold, window, minDecisions);
	}

	public static AlertRule forecastStale(Duration forDuration) {
		return new GaugeRule(FORECAST_STALE, WARNING, forDuration,
				"Forecasts are stale: pre-allocation is decaying to plain token buckets", Set.of(),
				List.of(new Condition(PredictiveMetricNames.FORECAST_STALE, Comparison.AT_LEAST, 1)));
	}

	public static AlertRule sidecarUnavailable(Duration forDuration) {
		return new GaugeRule(SIDECAR_UNAVAILABLE, WARNING, forDuration, "The forecast sidecar cannot be reached",
				Set.of(), List.of(new Condition(PredictiveMetricNames.SIDECAR_UP, Comparison.BELOW, 1)));
	}

	public static AlertRule redisUnavailable(Duration forDuration) {
		return new GaugeRule(REDIS_UNAVAILABLE, CRITICAL, forDuration,
				"Redis is unavailable: routes decide by their failure policy", Set.of(),
				List.of(new Condition(PredictiveMetricNames.REDIS_CONNECTED, Comparison.BELOW, 1),
						new Condition(PredictiveMetricNames.REDIS_CIRCUIT_STATE, Comparison.AT_LEAST, 2)));
	}

}
