package io.github.predictivegateway.wire;

import java.util.Comparator;
import java.util.Objects;

/**
 * One forecast series: a tenant's demand for one resource type. The same identity on both
 * sides: the gateway keys forecasts, grants and observations by it, the forecaster its
 * usage history and model versions. Ordered by tenant, then resource.
 */
public record SeriesKey(String tenant, String resource) implements Comparable<SeriesKey> {

	private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::tenant)
		.thenComparing(SeriesKey::resource);

	public SeriesKey {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
	}

	/**
	 * {@code tenant/resource}: the series name given to the forecasting library, kept in
	 * every model artifact, and used in messages.
	 */
	public String label() {
		return this.tenant + "/" + this.resource;
	}

	@Override
	public int compareTo(SeriesKey other) {
		return ORDER.compare(this, other);
	}

}
