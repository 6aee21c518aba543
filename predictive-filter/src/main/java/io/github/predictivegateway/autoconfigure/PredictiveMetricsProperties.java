package io.github.predictivegateway.autoconfigure;

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
	 * Tenants that keep their own value of the {@code tenant} tag on predictive meters (at most 100); every other
	 * tenant is tagged {@code other}, so that clients cannot grow the number of time series.
	 */
	private List<String> tenants = new ArrayList<>();

	public List<String> getTenants() {
		return this.tenants;
	}

	public void setTenants(List<String> tenants) {
		this.tenants = tenants;
	}

}
