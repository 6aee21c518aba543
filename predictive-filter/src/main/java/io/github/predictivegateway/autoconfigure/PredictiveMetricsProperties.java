package io.github.predictivegateway.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics settings under {@code predictive.metrics.*}.
 *
 * @param tenants Tenants that keep their own value of the {@code tenant} tag on
 * predictive meters (at most 100); every other tenant is tagged {@code other}, so that
 * clients cannot grow the number of time series.
 * @param accuracyWindow Closed steps over which predictive.forecast.mase and
 * predictive.forecast.coverage are computed, at least 1.
 * @param history How far back the actuator endpoint and the dashboard show each series'
 * closed steps (engine time, at least one step; at most 10000 steps are kept whatever the
 * step).
 * @param historyTenants Tenants whose history is kept (least recently seen forgotten
 * first), at least 1. A full history takes about 220 bytes per kept step and series.
 */
@ConfigurationProperties(PredictiveMetricsProperties.PREFIX)
public record PredictiveMetricsProperties(List<String> tenants, @DefaultValue("60") int accuracyWindow,
		@DefaultValue("6h") Duration history, @DefaultValue("200") long historyTenants) {

	public static final String PREFIX = "predictive.metrics";

	public PredictiveMetricsProperties {
		tenants = (tenants != null) ? List.copyOf(tenants) : List.of();
	}

}
