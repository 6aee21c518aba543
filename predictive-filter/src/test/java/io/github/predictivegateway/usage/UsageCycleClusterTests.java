package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the usage cycle logs of its contributions to the cluster's usage (a warning when
 * one fails, nothing when it succeeds), and what it tells its listener of a settled step.
 * Steps of a minute on a manual clock, closed 2 s after their end and settled 2 s later;
 * the cluster's total of every step is one record of 9 units.
 */
@ExtendWith(OutputCaptureExtension.class)
class UsageCycleClusterTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final ResourceType db = this.resources.get("db");

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time, this.resources, 100);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);

	private final StepUsage total = new StepUsage("acme", "db", STEP_START, 4, 4, 0, 0, 9, 0, 0, 0);

	private final List<String> told = new ArrayList<>();

	/**
	 * Closes the first step with one request in it, contributing to a cluster with
	 * {@code contribution}; the cycle.
	 */
	private UsageCycle closeFirstStep(CompletableFuture<Void> contribution) {
		ClusterUsage cluster = new ClusterUsage() {

			@Override
			public CompletableFuture<Void> contribute(long closed, List<StepUsage> records) {
				return contribution;
			}

			@Override
			public CompletableFuture<List<StepUsage>> total(long closed) {
				return CompletableFuture.completedFuture(List.of(UsageCycleClusterTests.this.total));
			}

		};
		UsageCycle cycle = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, null,
				Duration.ofSeconds(2), (closed, records) -> this.told.add(closed + " " + records), cluster);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		this.time.set(STEP_START.plusSeconds(62));
		cycle.tick().block();
		return cycle;
	}

	@Test
	void theListenerIsToldTheClustersTotalOfAStepOnceItSettled() {
		long step = this.steps.indexOf(this.time.epochNanos());
		UsageCycle cycle = closeFirstStep(CompletableFuture.completedFuture(null));
		this.time.set(STEP_START.plusSeconds(64).minusNanos(1));
		cycle.tick().block();
		assertThat(this.told).noneMatch(told -> told.startsWith(step + " "));

		this.time.set(STEP_START.plusSeconds(64));
		cycle.tick().block();

		assertThat(this.told).last().isEqualTo(step + " " + List.of(this.total));
	}

	@Test
	void aContributionThatSucceedsLogsNoWarning(CapturedOutput output) {
		closeFirstStep(CompletableFuture.completedFuture(null));

		assertThat(output.getAll()).doesNotContain("could not be added to the cluster's");
	}

	@Test
	void aContributionThatFailsIsLoggedAtWarnWithItsStep(CapturedOutput output) {
		long step = this.steps.indexOf(this.time.epochNanos());

		closeFirstStep(CompletableFuture.failedFuture(new IllegalStateException("Redis is down")));

		assertThat(output.getAll().lines().filter(line -> line.contains("WARN") && line.contains("step " + step + " ")))
			.singleElement()
			.satisfies(line -> assertThat(line)
				.contains("usage of step " + step + " could not be added to the cluster's (Redis is down)"));
	}

}
