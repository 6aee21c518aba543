package io.github.predictivegateway.plan;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantIdsTests {

	private static final String NFC = "caf\u00e9";

	private static final String NFD = "cafe\u0301";

	@Test
	void anIdIsInNormalizationFormC() {
		assertThat(TenantIds.canonical(NFD)).isEqualTo(NFC);
		assertThat(TenantIds.canonical(NFC)).isEqualTo(NFC);
		assertThat(TenantIds.canonical("日本")).isEqualTo("日本");
		assertThat(TenantIds.canonical("🚀")).isEqualTo("🚀");
	}

	@Test
	void anAsciiIdIsReturnedWithoutACopy() {
		String ascii = "acme-42";

		assertThat(TenantIds.canonical(ascii)).isSameAs(ascii);
	}

	@Test
	void aTenantConfiguredInEitherFormHasItsPlanInTheCanonicalOne() {
		ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));
		PlanCatalog plans = new PlanCatalog(resources,
				Map.of("free", Map.of("db", ResourceLimit.of(1, 1)), "gold", Map.of("db", ResourceLimit.of(5, 5))),
				"free", Map.of(NFD, "gold"));

		assertThat(plans.planFor(NFC).name()).isEqualTo("gold");
	}

}
