package io.github.predictivegateway.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionMetersTests {

	private final ResourceTypes resources = new ResourceTypes(orderedCapacities());

	private final ResourceType db = this.resources.get("db");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DecisionMeters meters = DecisionMeters.register(this.resources, TenantTags.of(List.of("acme")),
			this.registry);

	private static Map<String, Double> orderedCapacities() {
		Map<String, Double> capacities = new LinkedHashMap<>();
		capacities.put("db", 100.0);
		capacities.put("requests", 1000.0);
		return capacities;
	}

	private double count(String tenant, String resource, Decision decision) {
		return this.registry.get(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.TENANT, tenant, PredictiveMetricNames.RESOURCE, resource,
					PredictiveMetricNames.CLASS, decision.headerValue())
			.counter()
			.count();
	}

	@Test
	void everySeriesIsRegisteredUpFrontForEachResourceClassAndTenantTag() {
		// 2 resource types x 7 classes x (1 listed tenant + other)
		assertThat(this.registry.find(PredictiveMetricNames.DECISIONS).counters()).hasSize(28)
			.allSatisfy(counter -> assertThat(counter.count()).isZero());
	}

	@Test
	void aListedTenantIsCountedUnderItsOwnId() {
		this.meters.record("acme", this.db, Decision.PREALLOCATED);
		this.meters.record("acme", this.db, Decision.PREALLOCATED);

		assertThat(count("acme", "db", Decision.PREALLOCATED)).isEqualTo(2);
		assertThat(count(TenantTags.OTHER, "db", Decision.PREALLOCATED)).isZero();
	}

	@Test
	void unlistedTenantsAndRequestsWithoutATenantAreCountedAsOther() {
		this.meters.record("initech", this.db, Decision.THROTTLED);
		this.meters.record("hooli", this.db, Decision.THROTTLED);
		this.meters.record(null, this.db, Decision.REJECTED_KEY);

		assertThat(count(TenantTags.OTHER, "db", Decision.THROTTLED)).isEqualTo(2);
		assertThat(count(TenantTags.OTHER, "db", Decision.REJECTED_KEY)).isEqualTo(1);
	}

	@Test
	void theOutcomeTagSaysWhetherTheClassAdmits() {
		assertThat(this.registry.get(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.CLASS, "queued", PredictiveMetricNames.TENANT, "acme",
					PredictiveMetricNames.RESOURCE, "requests")
			.counter()
			.getId()
			.getTag(PredictiveMetricNames.OUTCOME)).isEqualTo(DecisionMeters.ADMITTED);
		assertThat(this.registry.get(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.CLASS, "queue-full", PredictiveMetricNames.TENANT, "acme",
					PredictiveMetricNames.RESOURCE, "requests")
			.counter()
			.getId()
			.getTag(PredictiveMetricNames.OUTCOME)).isEqualTo(DecisionMeters.REJECTED);
	}

	@Test
	void aDecisionIsCountedUnderItsResourceType() {
		this.meters.record("acme", this.resources.get("requests"), Decision.STANDARD);

		assertThat(count("acme", "requests", Decision.STANDARD)).isEqualTo(1);
		assertThat(count("acme", "db", Decision.STANDARD)).isZero();
	}

	@Test
	void recordingAllocatesNothing() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		String[] tenants = { "acme", "initech", "hooli" };
		for (int i = 0; i < 10_000; i++) {
			this.meters.record(tenants[i % 3], this.db, Decision.STANDARD);
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < 100_000; i++) {
			this.meters.record(tenants[i % 3], this.db, Decision.STANDARD);
		}
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		// one object per record would be at least 1.6 MB; the measurement itself may take
		// a few bytes
		assertThat(allocated).isLessThan(1024);
		assertThat(count("acme", "db", Decision.STANDARD) + count(TenantTags.OTHER, "db", Decision.STANDARD))
			.isEqualTo(110_000);
	}

	@Test
	void withoutARegistryRecordingIsANoOp() {
		DecisionMeters.none().record("acme", this.db, Decision.THROTTLED);

		assertThat(this.registry.find(PredictiveMetricNames.DECISIONS).counters())
			.allSatisfy(counter -> assertThat(counter.count()).isZero());
	}

}
