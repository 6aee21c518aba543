package io.github.predictivegateway.metrics;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

/**
 * The {@value PredictiveMetricNames#DECISIONS} counter: every final decision of the
 * filter by resource type, {@link TenantTags bounded tenant}, class
 * ({@link Decision#headerValue()}) and outcome ({@code admitted} or {@code rejected}).
 * The throttling rate is the {@code throttled} class over all classes.
 *
 * <p>
 * Every series is registered up front, {@code resources × classes × (listed tenants + 1)}
 * of them, in arrays indexed by resource index and decision ordinal: one table for
 * {@value TenantTags#OTHER} and one per listed tenant. Recording a decision is a map
 * look-up of the tenant id and an increment, so it allocates nothing on the request path,
 * and a flood of tenant ids adds no series.
 */
public final class DecisionMeters {

	/** Tag value of the outcome of an admitted decision. */
	public static final String ADMITTED = "admitted";

	/** Tag value of the outcome of a refused decision. */
	public static final String REJECTED = "rejected";

	private static final Decision[] DECISIONS = Decision.values();

	private static final DecisionMeters NONE = new DecisionMeters(null, Map.of());

	private final Counter @Nullable [][] other;

	private final Map<String, Counter[][]> listed;

	private DecisionMeters(Counter @Nullable [][] other, Map<String, Counter[][]> listed) {
		this.other = other;
		this.listed = listed;
	}

	/**
	 * Registers every series of the counter in {@code registry}.
	 * @param resources the declared resource types
	 * @param tenants which tenants keep their own tag value
	 * @param registry where the counters go
	 */
	public static DecisionMeters register(ResourceTypes resources, TenantTags tenants, MeterRegistry registry) {
		Map<String, Counter[][]> listed = new HashMap<>();
		for (String tenant : tenants.listed()) {
			listed.put(tenant, table(resources, tenant, registry));
		}
		return new DecisionMeters(table(resources, TenantTags.OTHER, registry), Map.copyOf(listed));
	}

	/** Records nothing: for an application without a meter registry. */
	public static DecisionMeters none() {
		return NONE;
	}

	/**
	 * Counts one decision.
	 * @param tenant the resolved tenant, or {@code null} when none was (counted as
	 * {@value TenantTags#OTHER})
	 */
	public void record(@Nullable String tenant, ResourceType resource, Decision decision) {
		Counter[][] table = this.other;
		if (table == null) {
			return;
		}
		if (tenant != null && !this.listed.isEmpty()) {
			table = this.listed.getOrDefault(tenant, table);
		}
		table[resource.index()][decision.ordinal()].increment();
	}

	private static Counter[][] table(ResourceTypes resources, String tenantTag, MeterRegistry registry) {
		Counter[][] table = new Counter[resources.size()][DECISIONS.length];
		for (ResourceType resource : resources.all()) {
			for (Decision decision : DECISIONS) {
				table[resource.index()][decision.ordinal()] = Counter.builder(PredictiveMetricNames.DECISIONS)
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.tag(PredictiveMetricNames.TENANT, tenantTag)
					.tag(PredictiveMetricNames.CLASS, decision.headerValue())
					.tag(PredictiveMetricNames.OUTCOME, decision.admitted() ? ADMITTED : REJECTED)
					.register(registry);
			}
		}
		return table;
	}

}
