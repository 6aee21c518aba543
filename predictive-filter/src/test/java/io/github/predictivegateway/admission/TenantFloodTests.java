package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageAggregator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of 1,000,000 made-up tenant ids, one request each, within one step (frozen
 * clock): every one is an unknown tenant on the default plan, and what the engine keeps
 * for them stays at its bounds, the standard buckets at {@code max-tenants} (least
 * recently used evicted) and the step's usage cells at {@code max-tenants-per-step} (the
 * rest only counted as overflow). The heap this takes is measured by
 * {@code bench.jar flood} (BENCHMARKS.md).
 */
class TenantFloodTests {

	private static final int FLOOD = 1_000_000;

	private static final int MAX_TENANTS = 10_000;

	private static final int MAX_TENANTS_PER_STEP = 5_000;

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(5, 5))), "free", Map.of());

	private final LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, MAX_TENANTS);

	private final AdmissionEngine engine = new AdmissionEngine(this.plans, this.buckets,
			new ShadowBucketTable(this.steps, this.resources.size()), this.steps, this.time);

	private final UsageAggregator usage = new UsageAggregator(this.steps, this.time, this.resources,
			MAX_TENANTS_PER_STEP);

	@Test
	void aMillionDistinctTenantsAreAdmittedOnTheDefaultPlanWhileBucketsAndUsageCellsStayAtTheirBounds() {
		long standard = 0;
		for (int i = 0; i < FLOOD; i++) {
			String tenant = "flood-" + i;
			AdmissionResult result = this.engine.admit(tenant, this.db, 1);
			this.usage.record(tenant, this.db, result.decision(), 1, 0);
			if (result.decision() == Decision.STANDARD && result.planName().equals("free") && result.remaining() == 4) {
				standard++;
			}
		}

		assertThat(standard).isEqualTo(FLOOD);
		assertThat(this.buckets.tenantCount()).isEqualTo(MAX_TENANTS);
		assertThat(this.usage.closeThrough(this.steps.indexOf(this.time.epochNanos()))).hasSize(MAX_TENANTS_PER_STEP);
		assertThat(this.usage.overflowed()).isEqualTo(FLOOD - MAX_TENANTS_PER_STEP);
	}

}
