package io.github.predictivegateway.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics settings under {@code predictive.metrics.*}.
 */
@ConfigurationProperties(PredictiveMetricsProperties.PREFIX)
public class PredictiveMetricsProperties {

	public static final String PREFIX = "predictive.metrics";

	/**
	 * Tenants that keep their own value of the {@code tenant} tag on predictive meters
	 * (at most 100); every other tenant is tagged {@code other}, so that clients cannot
	 * grow the number of time series.
	 */
	private List<String> tenants = new ArrayList<>();

	/**
	 * Closed steps over which predictive.forecast.mase and predictive.forecast.coverage
	 * are computed, at least 1.
	 */
	private int accuracyWindow = 60;

	/**
	 * How far back the actuator endpoint and the dashboard show each series' closed steps
	 * (engine time, at least one step; at most 10000 steps are kept whatever the step).
	 */
	private Duration history = Duration.ofHours(6);

	/**
	 * Tenants whose history is kept (least recently seen forgotten first), at least 1. A
	 * full history takes about 220 bytes per kept step and series.
	 */
	private long historyTenants = 200;

	public int getAccuracyWindow() {
		return this.accuracyWindow;
	}

	public void setAccuracyWindow(int accuracyWindow) {
		this.accuracyWindow = accuracyWindow;
	}

	public Duration getHistory() {
		return this.history;
	}

	public void setHistory(Duration history) {
		this.history = history;
	}

	public long getHistoryTenants() {
		return this.historyTenants;
	}

	public void setHistoryTenants(long historyTenants) {
		this.historyTenants = historyTenants;
	}

	public List<String> getTenants() {
		return this.tenants;
	}

	public void setTenants(List<String> tenants) {
		this.tenants = tenants;
	}

}
