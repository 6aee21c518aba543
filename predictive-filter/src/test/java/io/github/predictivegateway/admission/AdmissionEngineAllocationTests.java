package io.github.predictivegateway.admission;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes allocated per decision in local mode, read from the JVM's per-thread allocation
 * counter over {@value #DECISIONS} decisions after as many of warm-up: every decision,
 * admitted or throttled, allocates its {@link AdmissionResult} and nothing else. The
 * bound is the result's size with compressed references (the JVM's default below 32 GB of
 * heap); Bucket4j's default lock-free bucket, a future per decision, or a Bucket4j probe
 * (40 bytes: header 12, a boolean padded to 4, three longs 24) on either path would each
 * break it.
 */
class AdmissionEngineAllocationTests {

	private static final int DECISIONS = 20_000;

	/** Header 12 + decision 4 + four longs 32 + plan name 4 + limit 4 = 56 bytes. */
	private static final long RESULT_BYTES = 56;

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:30Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("requests", 1e12));

	private final ResourceType requests = this.resources.get("requests");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("big", Map.of("requests", ResourceLimit.of(1e6, 1_000_000_000L)), "tiny",
					Map.of("requests", ResourceLimit.of(1, 1))),
			"big", Map.of("drained", "tiny"));

	private AdmissionEngine engine;

	@BeforeEach
	void setUp() {
		LocalStandardBuckets buckets = new LocalStandardBuckets(this.plans, this.time, 100);
		ShadowBucketTable shadows = new ShadowBucketTable(this.steps, this.resources.size());
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(shadows)
			.forecasts(new DeclaredForecastSource(
					List.of(DeclaredPreallocation.always("acme", "requests", 1_000_000_000L))))
			.lead(Duration.ZERO)
			.cycle()
			.tick();
		this.engine = new AdmissionEngine(this.plans, buckets, shadows, this.steps, this.time);
		buckets.tryConsumeNow("drained", this.requests, 1);
	}

	@Test
	void aPreallocatedDecisionAllocatesOnlyItsResult() {
		assertThat(bytesPerDecision("acme", Decision.PREALLOCATED)).isLessThanOrEqualTo(RESULT_BYTES);
	}

	@Test
	void aStandardDecisionAllocatesOnlyItsResult() {
		assertThat(bytesPerDecision("globex", Decision.STANDARD)).isLessThanOrEqualTo(RESULT_BYTES);
	}

	@Test
	void aThrottledDecisionAllocatesOnlyItsResult() {
		assertThat(bytesPerDecision("drained", Decision.THROTTLED)).isLessThanOrEqualTo(RESULT_BYTES);
	}

	/**
	 * Mean bytes per decision, rounded down, after checking every decision was the
	 * expected one.
	 */
	private long bytesPerDecision(String tenant, Decision expected) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		int wrong = decide(tenant, expected);
		long before = threads.getCurrentThreadAllocatedBytes();
		wrong += decide(tenant, expected);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(wrong).as("decisions other than " + expected).isZero();
		return allocated / DECISIONS;
	}

	private int decide(String tenant, Decision expected) {
		int wrong = 0;
		for (int i = 0; i < DECISIONS; i++) {
			if (this.engine.admit(tenant, this.requests, 1).decision() != expected) {
				wrong++;
			}
		}
		return wrong;
	}

}
