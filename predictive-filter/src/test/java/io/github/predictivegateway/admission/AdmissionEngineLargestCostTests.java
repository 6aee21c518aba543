package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most one request may cost at the tenant stage: the larger of the plan's burst and
 * the largest pre-allocation one step could grant (a db of 1,000 units/s, 60 s steps, 80
 * % reservable: 48,000 units).
 */
class AdmissionEngineLargestCostTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(5, 5)), "capped",
					Map.of("db", new ResourceLimit(5, 5, 3000, 1)), "none", Map.of("db", new ResourceLimit(5, 5, 0, 1)),
					"wide", Map.of("db", new ResourceLimit(5, 100_000, 0, 1))),
			"free", Map.of("acme", "capped", "globex", "none", "initech", "wide"));

	private final AdmissionEngine engine = new AdmissionEngine(PlanCatalogs.of(this.plans),
			new LocalStandardBuckets(this.plans, this.time, 1000), new ShadowBucketTable(this.steps, 1), this.steps,
			this.time, 0.8);

	@Test
	void withoutAPreallocationCapTheLargestCostIsTheReservableShareOfOneStep() {
		assertThat(this.engine.largestCost("someone", this.db)).isEqualTo(48_000);
	}

	@Test
	void aPreallocationCapBoundsTheLargestCost() {
		assertThat(this.engine.largestCost("acme", this.db)).isEqualTo(3000);
	}

	@Test
	void aTenantThatCanNeverBePreallocatedIsBoundByItsBurst() {
		assertThat(this.engine.largestCost("globex", this.db)).isEqualTo(5);
		assertThat(this.engine.largestCost("initech", this.db)).isEqualTo(100_000);
	}

}
