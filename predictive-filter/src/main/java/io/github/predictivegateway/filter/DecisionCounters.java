package io.github.predictivegateway.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.queue.GateResult;

/**
 * The {@code predictive.decisions} counters: every decided request, by resource, bounded tenant tag, class (the
 * decision's {@link Decision#headerValue()}) and outcome ({@code admitted}, {@code rejected}). All counters are
 * registered up front (resources × tenant tag values × classes), so recording is array and map lookups and an
 * atomic add, without allocation.
 */
public final class DecisionCounters {

	private static final DecisionCounters NONE = new DecisionCounters();

	/** By tenant tag value: [resource index][decision ordinal]. */
	private final Map<String, Counter[][]> counters = new HashMap<>();

	private final TenantTags tenants;

	private DecisionCounters() {
		this.tenants = TenantTags.none();
	}

	public DecisionCounters(MeterRegistry registry, ResourceTypes resources, TenantTags tenants) {
		this.tenants = tenants;
		List<String> tags = new ArrayList<>(tenants.listed());
		tags.add(TenantTags.OTHER);
		Decision[] decisions = Decision.values();
		for (String tenant : tags) {
			Counter[][] byResource = new Counter[resources.size()][decisions.length];
			for (ResourceType resource : resources.all()) {
				for (Decision decision : decisions) {
					byResource[resource.index()][decision.ordinal()] = Counter.builder(PredictiveMetricNames.DECISIONS)
						.tags(PredictiveMetricNames.RESOURCE, resource.name(), PredictiveMetricNames.TENANT, tenant,
								PredictiveMetricNames.CLASS, decision.headerValue(), PredictiveMetricNames.OUTCOME,
								decision.admitted() ? "admitted" : "rejected")
						.description("Decided requests")
						.register(registry);
				}
			}
			this.counters.put(tenant, byResource);
		}
	}

	/** Counts nothing. */
	public static DecisionCounters none() {
		return NONE;
	}

	void record(ResourceType resource, String tenant, Decision decision) {
		Counter[][] byResource = this.counters.get(this.tenants.tagFor(tenant));
		if (byResource != null) {
			byResource[resource.index()][decision.ordinal()].increment();
		}
	}

	/** The class of a request that the tenant stage admitted as {@code decided}, once the gate answered. */
	static Decision afterGate(Decision decided, GateResult gate) {
		return switch (gate.outcome()) {
			case ADMITTED -> gate.queued() ? Decision.QUEUED : decided;
			case TIMED_OUT -> Decision.TIMED_OUT;
			case QUEUE_FULL, CLOSED -> Decision.QUEUE_FULL;
		};
	}

}
