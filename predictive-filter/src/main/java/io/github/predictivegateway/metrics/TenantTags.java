package io.github.predictivegateway.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.predictivegateway.plan.TenantIds;

/**
 * The value of the {@link PredictiveMetricNames#TENANT} tag: a tenant's own id only when
 * the operator listed it (the few tenants worth a line of their own on a chart),
 * {@value #OTHER} for every other tenant. The number of values is therefore the size of
 * the list plus one, whatever ids clients send, so a flood of tenant ids cannot grow the
 * metrics backend; per-tenant detail lives in the actuator endpoint instead.
 */
public final class TenantTags {

	/** The tag value shared by every tenant that is not listed. */
	public static final String OTHER = "other";

	/**
	 * The most tenants that may be listed: each one multiplies the number of time series
	 * of every tenant meter.
	 */
	public static final int MAX_LISTED = 100;

	private static final TenantTags NONE = new TenantTags(Set.of());

	private final Set<String> listed;

	private TenantTags(Set<String> listed) {
		this.listed = listed;
	}

	/**
	 * @param listed the tenants that keep their own tag value, at most
	 * {@value #MAX_LISTED}, none blank and none equal to {@value #OTHER}
	 * @throws IllegalArgumentException when the list breaks one of those rules
	 */
	public static TenantTags of(Collection<String> listed) {
		if (listed.size() > MAX_LISTED) {
			throw new IllegalArgumentException(
					"at most " + MAX_LISTED + " tenants may be listed for metrics, got " + listed.size());
		}
		for (String tenant : listed) {
			if (tenant == null || tenant.isBlank()) {
				throw new IllegalArgumentException("a tenant listed for metrics is blank");
			}
			if (OTHER.equals(tenant)) {
				throw new IllegalArgumentException(
						"'" + OTHER + "' is the tag of unlisted tenants and cannot be listed");
			}
		}
		return listed.isEmpty() ? NONE
				: new TenantTags(listed.stream().map(TenantIds::canonical).collect(Collectors.toUnmodifiableSet()));
	}

	/** Every tenant tagged {@value #OTHER}. */
	public static TenantTags none() {
		return NONE;
	}

	/** The tag value for {@code tenant}; allocates nothing. */
	public String tagFor(String tenant) {
		return (tenant != null && this.listed.contains(tenant)) ? tenant : OTHER;
	}

	/** The listed tenants. */
	public Set<String> listed() {
		return this.listed;
	}

	/** Every value the tag can take: the listed tenants and {@value #OTHER}. */
	public int cardinality() {
		return this.listed.size() + 1;
	}

}
