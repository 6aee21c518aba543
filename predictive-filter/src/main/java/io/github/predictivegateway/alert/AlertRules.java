package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.predictivegateway.alert.GaugeRule.Comparison;
import io.github.predictivegateway.alert.GaugeRule.Condition;
import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * The alert rules of predictive admission, the same as
 * {@code config/prometheus/predictive-alerts.yml}:
 *
 * <table>
 * <tr>
 * <th>alert</th>
 * <th>holds when</th>
 * <th>labels</th>
 * </tr>
 * <tr>
 * <td>{@value #FORECAST_COVERAGE_LOW}</td>
 * <td>{@code predictive.forecast.coverage < threshold}</td>
 * <td>resource, tenant</td>
 * </tr>
 * <tr>
 * <td>{@value #FORECAST_MASE_HIGH}</td>
 * <td>{@code predictive.forecast.mase > threshold}</td>
 * <td>resource, tenant</td>
 * </tr>
 * <tr>
 * <td>{@value #THROTTLING_HIGH}</td>
 * <td>throttled / all decisions over a window {@code > threshold}</td>
 * <td>resource</td>
 * </tr>
 * <tr>
 * <td>{@value #FORECAST_STALE}</td>
 * <td>{@code predictive.forecast.stale >= 1}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@value #SIDECAR_UNAVAILABLE}</td>
 * <td>{@code predictive.sidecar.up < 1} (0: the last pull failed or was refused)</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@value #FORECAST_SNAPSHOT_REFUSED}</td>
 * <td>{@code predictive.forecast.pull.refusals} grew over a window</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@value #REDIS_UNAVAILABLE}</td>
 * <td>{@code predictive.redis.connected < 1} or
 * {@code predictive.redis.circuit.state >= 1} (open, or half-open: not yet closed
 * again)</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@value #UPSTREAM_TIMEOUTS}</td>
 * <td>{@code 504}s / all of Gateway's {@code spring.cloud.gateway.requests} over a window
 * {@code > threshold}</td>
 * <td>routeId, routeUri</td>
 * </tr>
 * <tr>
 * <td>{@value #USAGE_PUBLISH_FAILING}</td>
 * <td>{@code predictive.usage.publish.failing >= 1} (publishing usage failed, and has not
 * succeeded since)</td>
 * <td></td>
 * </tr>
 * </table>
 */
public final class AlertRules {

	public static final String FORECAST_COVERAGE_LOW = "ForecastCoverageLow";

	public static final String FORECAST_MASE_HIGH = "ForecastMaseHigh";

	public static final String THROTTLING_HIGH = "ThrottlingHigh";

	public static final String FORECAST_STALE = "ForecastStale";

	public static final String SIDECAR_UNAVAILABLE = "SidecarUnavailable";

	public static final String FORECAST_SNAPSHOT_REFUSED = "ForecastSnapshotRefused";

	public static final String REDIS_UNAVAILABLE = "RedisUnavailable";

	public static final String UPSTREAM_TIMEOUTS = "UpstreamTimeouts";

	public static final String USAGE_PUBLISH_FAILING = "UsagePublishFailing";

	/** Every rule name, in the order rules are evaluated. */
	public static final List<String> NAMES = List.of(FORECAST_COVERAGE_LOW, FORECAST_MASE_HIGH, THROTTLING_HIGH,
			FORECAST_STALE, SIDECAR_UNAVAILABLE, FORECAST_SNAPSHOT_REFUSED, REDIS_UNAVAILABLE, UPSTREAM_TIMEOUTS,
			USAGE_PUBLISH_FAILING);

	/** The rules that compare with a configurable threshold. */
	public static final Set<String> WITH_THRESHOLD = Set.of(FORECAST_COVERAGE_LOW, FORECAST_MASE_HIGH, THROTTLING_HIGH,
			UPSTREAM_TIMEOUTS);

	/** The rules over a window of counters. */
	public static final List<String> WITH_WINDOW = List.of(THROTTLING_HIGH, FORECAST_SNAPSHOT_REFUSED,
			UPSTREAM_TIMEOUTS);

	/** The Gateway status code of a route's response timeout. */
	private static final String GATEWAY_TIMEOUT = "504";

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
		return new GaugeRule(FORECAST_MASE_HIGH, WARNING, forDuration, "Forecast error (MASE) above its threshold",
				SERIES, List.of(new Condition(PredictiveMetricNames.FORECAST_MASE, Comparison.ABOVE, threshold)));
	}

	public static AlertRule throttlingHigh(Duration forDuration, double threshold, Duration window, long minDecisions) {
		return new ShareRule(THROTTLING_HIGH, WARNING, forDuration, "Throttling rate above its threshold",
				new ShareRule.Counted(PredictiveMetricNames.DECISIONS, List
					.of(PredictiveMetricNames.RESOURCE), PredictiveMetricNames.CLASS, "throttled"),
				threshold, window, minDecisions,
				breach -> percent(breach.value()) + " of the decisions on resource "
						+ breach.labels().get(PredictiveMetricNames.RESOURCE) + " were throttled over the last "
						+ AlertText.duration(window) + " (threshold " + percent(threshold) + ")");
	}

	/**
	 * {@code 504}s (the route's response timeout) over all answers of a route, from
	 * Gateway's own route timer {@code meter} (its prefix + {@code .requests}): the
	 * upstream is too slow, not the limiter.
	 */
	public static AlertRule upstreamTimeouts(Duration forDuration, double threshold, Duration window, long minRequests,
			String meter) {
		return new ShareRule(UPSTREAM_TIMEOUTS, WARNING, forDuration,
				"Upstream slower than its route's response timeout: requests answered 504",
				new ShareRule.Counted(meter,
						List.of(PredictiveMetricNames.GATEWAY_ROUTE_ID, PredictiveMetricNames.GATEWAY_ROUTE_URI),
						PredictiveMetricNames.GATEWAY_HTTP_STATUS_CODE, GATEWAY_TIMEOUT),
				threshold, window, minRequests,
				breach -> percent(breach.value()) + " of the requests on route "
						+ breach.labels().get(PredictiveMetricNames.GATEWAY_ROUTE_ID)
						+ " were answered 504 over the last " + AlertText.duration(window) + ": its upstream "
						+ breach.labels().get(PredictiveMetricNames.GATEWAY_ROUTE_URI)
						+ " is slower than the route's response timeout (threshold " + percent(threshold) + ")");
	}

	/**
	 * Forecast snapshots the sidecar answered but that could not be used, over
	 * {@code window}.
	 */
	public static AlertRule forecastSnapshotRefused(Duration forDuration, Duration window) {
		return new IncreaseRule(FORECAST_SNAPSHOT_REFUSED, WARNING, forDuration,
				"The sidecar answers forecast snapshots that cannot be used: the last good one is kept",
				PredictiveMetricNames.FORECAST_PULL_REFUSALS, window,
				breach -> AlertText.number(breach.value()) + " forecast snapshot(s) refused over the last "
						+ AlertText.duration(window) + " (not JSON, another step, or over max-snapshot-size)");
	}

	public static AlertRule forecastStale(Duration forDuration) {
		return instanceGauge(FORECAST_STALE, WARNING, forDuration,
				"Forecasts are stale: pre-allocation is decaying to plain token buckets",
				new Condition(PredictiveMetricNames.FORECAST_STALE, Comparison.AT_LEAST, 1));
	}

	public static AlertRule sidecarUnavailable(Duration forDuration) {
		return instanceGauge(SIDECAR_UNAVAILABLE, WARNING, forDuration,
				"Forecast pulls from the sidecar fail: it cannot be reached, answers too late, or answers nothing usable",
				new Condition(PredictiveMetricNames.SIDECAR_UP, Comparison.BELOW, 1));
	}

	/**
	 * Usage cannot be published (the sidecar or Redis unreachable, too slow, or answering
	 * errors): records wait in the buffer, the forecaster learns nothing new, and once
	 * the buffer is full the oldest are dropped.
	 */
	public static AlertRule usagePublishFailing(Duration forDuration) {
		return instanceGauge(USAGE_PUBLISH_FAILING, WARNING, forDuration,
				"Usage cannot be published: records wait in the buffer and the forecaster learns nothing new",
				new Condition(PredictiveMetricNames.USAGE_PUBLISH_FAILING, Comparison.AT_LEAST, 1));
	}

	/**
	 * The connection is down, or the circuit breaker is not closed. Half-open (1) counts:
	 * it only follows an open circuit, and a Redis slower than
	 * {@code predictive.redis.timeout} keeps the circuit cycling open, half-open (its
	 * trial calls time out), open again; only a closed circuit (its trial calls
	 * succeeded) says Redis is back.
	 */
	public static AlertRule redisUnavailable(Duration forDuration) {
		return instanceGauge(REDIS_UNAVAILABLE, CRITICAL, forDuration,
				"Redis is unreachable or slower than its timeout: routes decide by their failure policy",
				new Condition(PredictiveMetricNames.REDIS_CONNECTED, Comparison.BELOW, 1),
				new Condition(PredictiveMetricNames.REDIS_CIRCUIT_STATE, Comparison.AT_LEAST, 1));
	}

	/**
	 * A rule on gauges of the whole instance (no labels), breached while any of
	 * {@code conditions} holds.
	 */
	private static AlertRule instanceGauge(String name, String severity, Duration forDuration, String summary,
			Condition... conditions) {
		return new GaugeRule(name, severity, forDuration, summary, Set.of(), List.of(conditions));
	}

	private static String percent(double share) {
		return AlertText.number(share * 100) + "%";
	}

}
