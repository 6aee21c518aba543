package io.github.predictivegateway.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

/**
 * The load benchmark's shape in JMH: every request of one tenant, decided by two threads
 * at once (the gateway's event loops), so that the state they share is written from two
 * cores. {@code preallocated}: one tenant with a grant, every decision takes from the
 * same shadow bucket; {@code standard}: one tenant without, every decision takes from the
 * same Bucket4j bucket state under its monitor. Where {@link AdmissionDecisionBenchmark}
 * walks 100,000 tenants on one thread (cache misses, no sharing), this measures what two
 * threads pay for sharing one tenant's state. Limits far above what a run takes; the
 * clock is a {@link ManualTimeSource} that stays put.
 *
 * <pre>java -jar bench/target/bench.jar OneTenantDecisionBenchmark -prof gc            # two threads
 * java -jar bench/target/bench.jar OneTenantDecisionBenchmark -t 1 -prof gc       # one, for comparison</pre>
 */
@Threads(2)
public class OneTenantDecisionBenchmark extends AverageTimeBenchmark {

	private static final String RESOURCE = "requests";

	private static final String PREALLOCATED = "bench";

	private static final String STANDARD = "bench-standard";

	private static final long PLENTY = 1_000_000_000_000_000L;

	/**
	 * A burst no run can spend; the clock stays put, so the rate never refills anything.
	 */
	private static final long BURST = 1_000_000_000_000_000L / 1000;

	private AdmissionEngine engine;

	private ResourceType resource;

	@Setup
	public void setUp() {
		ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T10:00:30Z"));
		ResourceTypes resources = new ResourceTypes(Map.of(RESOURCE, 1e15));
		this.resource = resources.get(RESOURCE);
		PlanCatalog plans = new PlanCatalog(resources, Map.of("bench", Map.of(RESOURCE, ResourceLimit.of(1e6, BURST))),
				"bench", Map.of());
		Steps steps = new Steps(Duration.ofMinutes(1));
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(plans, steps, time)
			.maxTenants(100)
			.forecasts(
					new DeclaredForecastSource(List.of(DeclaredPreallocation.always(PREALLOCATED, RESOURCE, PLENTY))))
			.lead(Duration.ZERO);
		parts.cycle().tick();
		this.engine = parts.engine();
		if (this.engine.admit(PREALLOCATED, this.resource, 1).decision() != Decision.PREALLOCATED
				|| this.engine.admit(STANDARD, this.resource, 1).decision() != Decision.STANDARD) {
			throw new IllegalStateException("setup did not give the pre-allocated and the standard path");
		}
	}

	@Benchmark
	public AdmissionResult preallocated() {
		return this.engine.admit(PREALLOCATED, this.resource, 1);
	}

	@Benchmark
	public AdmissionResult standard() {
		return this.engine.admit(STANDARD, this.resource, 1);
	}

}
