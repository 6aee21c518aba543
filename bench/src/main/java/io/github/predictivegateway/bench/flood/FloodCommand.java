package io.github.predictivegateway.bench.flood;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageAggregator;

/**
 * {@code flood [--tenants 1000000] [--max-tenants 100000] [--max-tenants-per-step 100000]}:
 * sends one request for each of {@code tenants} made-up tenant ids through the real
 * engine (local standard buckets, usage aggregator, one frozen step) and prints the heap
 * used before and after, each read after {@code System.gc()} and a settle, with the
 * engine still reachable. With {@code --max-tenants} equal to {@code --tenants} it shows
 * what the flood would cost without the bound.
 */
public final class FloodCommand {

	private FloodCommand() {
	}

	public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
		int tenants = 1_000_000;
		int maxTenants = 100_000;
		int maxTenantsPerStep = 100_000;
		for (int i = 0; i + 1 < args.length; i += 2) {
			int value = Integer.parseInt(args[i + 1]);
			switch (args[i]) {
				case "--tenants" -> tenants = value;
				case "--max-tenants" -> maxTenants = value;
				case "--max-tenants-per-step" -> maxTenantsPerStep = value;
				default -> {
					err.println(
							"unknown option " + args[i] + "; use --tenants N --max-tenants N --max-tenants-per-step N");
					return 2;
				}
			}
		}
		ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));
		Steps steps = new Steps(Duration.ofMinutes(1));
		ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));
		ResourceType db = resources.get("db");
		PlanCatalog plans = new PlanCatalog(resources, Map.of("free", Map.of("db", ResourceLimit.of(5, 5))), "free",
				Map.of());
		LocalStandardBuckets buckets = new LocalStandardBuckets(plans, time, maxTenants);
		AdmissionEngine engine = AdmissionEngineBuilder.of(plans, steps, time).standardBuckets(buckets).engine();
		UsageAggregator usage = new UsageAggregator(steps, time, resources, maxTenantsPerStep);

		long before = settledHeapUsed();
		long admitted = 0;
		long started = System.nanoTime();
		for (int i = 0; i < tenants; i++) {
			String tenant = "flood-" + i;
			AdmissionResult result = engine.admit(tenant, db, 1);
			usage.record(tenant, db, result.decision(), 1, 0);
			if (result.admitted()) {
				admitted++;
			}
		}
		long elapsed = System.nanoTime() - started;
		long after = settledHeapUsed(); // the engine is still reachable here: see the
										// fences below

		out.printf("tenants sent           %,d (admitted %,d) in %.2f s%n", tenants, admitted, elapsed / 1e9);
		out.printf("max-tenants            %,d -> buckets held %,d%n", maxTenants, buckets.tenantCount());
		out.printf("max-tenants-per-step   %,d -> overflow %,d%n", maxTenantsPerStep, usage.overflowed());
		out.printf("heap used before       %,.1f MiB%n", before / 1048576.0);
		out.printf("heap used after        %,.1f MiB%n", after / 1048576.0);
		out.printf("after / before         %.2f%n", (double) after / before);
		out.printf("per tenant held        %,.0f bytes%n",
				(double) (after - before) / Math.max(1, Math.min(tenants, Math.max(maxTenants, maxTenantsPerStep))));
		Reference.reachabilityFence(engine);
		Reference.reachabilityFence(usage);
		return 0;
	}

	private static long settledHeapUsed() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
