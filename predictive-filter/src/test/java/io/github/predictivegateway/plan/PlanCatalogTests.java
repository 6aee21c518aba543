package io.github.predictivegateway.plan;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlanCatalogTests {

	private final ResourceTypes resources = new ResourceTypes(orderedCapacities());

	private static Map<String, Double> orderedCapacities() {
		Map<String, Double> capacities = new LinkedHashMap<>();
		capacities.put("db", 500.0);
		capacities.put("compute", 100.0);
		return capacities;
	}

	@Test
	void aPlanInheritsTheDefaultPlansLimitsForResourceTypesItLeavesOut() {
		PlanCatalog catalog = new PlanCatalog(this.resources,
				Map.of("free", Map.of("db", ResourceLimit.of(5, 10), "compute", ResourceLimit.of(1, 2)), "gold",
						Map.of("db", ResourceLimit.of(50, 100))),
				"free", Map.of("acme", "gold"));

		assertThat(catalog.limitFor("acme", this.resources.get("db"))).isEqualTo(ResourceLimit.of(50, 100));
		assertThat(catalog.limitFor("acme", this.resources.get("compute"))).isEqualTo(ResourceLimit.of(1, 2));
	}

	@Test
	void theDefaultPlanMustCoverEveryResourceType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlanCatalog(this.resources, Map.of("free", Map.of("db", ResourceLimit.of(5, 10))),
					"free", Map.of()))
			.withMessageContaining("must set limits for every resource type")
			.withMessageContaining("'compute'");
	}

	@Test
	void aTenantOnAnUnknownPlanIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlanCatalog(this.resources,
					Map.of("free", Map.of("db", ResourceLimit.of(5, 10), "compute", ResourceLimit.of(1, 2))), "free",
					Map.of("acme", "platinum")))
			.withMessageContaining("unknown plan 'platinum'");
	}

	@Test
	void aBurstBelowTheRateIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceLimit.of(10, 5))
			.withMessageContaining("burst is 5, below its rate 10.0; the burst must be at least the rate");
	}

	@Test
	void aMaxRateBelowTheRateIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ResourceLimit(10, 10, 100, 1, 5))
			.withMessage("max-rate is 5.0, below its rate 10.0; "
					+ "the max-rate must be at least the rate (leave it unset for no lift)");
	}

	@Test
	void anUnsetMaxRateIsTheRateAndLiftsNothing() {
		ResourceLimit limit = ResourceLimit.of(10.0, 20L, null, null, 1);
		assertThat(limit.maxRate()).isEqualTo(10.0);
		assertThat(limit.liftable()).isFalse();
	}

	@Test
	void anUnknownResourceTypeNamesTheDeclaredOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.resources.get("gpu"))
			.withMessage("unknown resource type 'gpu'; declared resource types are [db, compute]");
	}

}
