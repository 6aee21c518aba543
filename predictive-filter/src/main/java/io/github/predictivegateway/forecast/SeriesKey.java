package io.github.predictivegateway.forecast;

import java.util.Objects;

/**
 * One forecast series: a tenant's demand for one resource type.
 */
public record SeriesKey(String tenant, String resource) {

	public SeriesKey {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
	}

}
