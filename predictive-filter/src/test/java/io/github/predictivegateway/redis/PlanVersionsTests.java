package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version an instance gives the plans in force: when it first used them, strictly
 * increasing.
 */
class PlanVersionsTests {

	private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(START);

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 100.0));

	private PlanCatalog catalog(long burst) {
		return new PlanCatalog(this.resources, Map.of("free", Map.of("db", ResourceLimit.of(1, burst))), "free",
				Map.of());
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	@Test
	void theStartUpPlansHaveTheTimeTheyWereFirstHeld() {
		PlanCatalogs plans = new PlanCatalogs(catalog(10));
		PlanVersions versions = new PlanVersions(plans, this.time);
		this.time.advance(Duration.ofSeconds(5));
		assertThat(versions.current().version()).isEqualTo(nanos(START));
		assertThat(versions.current().plans()).isSameAs(plans.get());
	}

	@Test
	void replacedPlansTakeTheTimeOfTheirFirstUse() {
		PlanCatalogs plans = new PlanCatalogs(catalog(10));
		PlanVersions versions = new PlanVersions(plans, this.time);
		this.time.advance(Duration.ofSeconds(5));
		PlanCatalog next = catalog(20);
		plans.replace(next);
		this.time.advance(Duration.ofSeconds(2));
		assertThat(versions.current().version()).isEqualTo(nanos(START.plusSeconds(7)));
		this.time.advance(Duration.ofSeconds(2));
		assertThat(versions.current().version()).as("kept while in force").isEqualTo(nanos(START.plusSeconds(7)));
		assertThat(versions.current().plans()).isSameAs(next);
	}

	@Test
	void versionsIncreaseWhenTheClockDoesNot() {
		PlanCatalogs plans = new PlanCatalogs(catalog(10));
		PlanVersions versions = new PlanVersions(plans, this.time);
		plans.replace(catalog(20));
		long second = versions.current().version();
		plans.replace(catalog(30));
		assertThat(second).isEqualTo(nanos(START) + 1);
		assertThat(versions.current().version()).isEqualTo(nanos(START) + 2);
	}

}
