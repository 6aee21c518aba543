package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class UsageCycleTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final ResourceType db = this.resources.get("db");

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time, this.resources, 100);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);

	private final List<StepUsage> published = new ArrayList<>();

	private final UsagePublisher publisher = new UsagePublisher("gw-1", (instance, records) -> {
		this.published.addAll(records);
		return Mono.just(UsageSink.Result.ACCEPTED);
	}, 100, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime, () -> 0.0);

	private final UsageCycle cycle = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment,
			this.publisher, Duration.ofSeconds(2));

	@Test
	void aStepIsClosedAndPublishedOnlyAfterTheCloseDelay() {
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		this.time.set(STEP_START.plusSeconds(61));
		this.cycle.tick().block();
		assertThat(this.published).isEmpty();

		this.time.set(STEP_START.plusSeconds(62));
		this.cycle.tick().block();

		assertThat(this.published).extracting(StepUsage::stepStart).containsExactly(STEP_START);
	}

	@Test
	void throttledDemandAboveTheForecastRaisesTheMultiplier() {
		long step = this.steps.indexOf(this.time.epochNanos());
		this.adjustment.expect(step, Map.of(ACME, new Forecast(6, 2, 10)));
		for (int i = 0; i < 4; i++) {
			this.aggregator.record("acme", this.db, Decision.STANDARD, 2, 0);
		}
		for (int i = 0; i < 2; i++) {
			this.aggregator.record("acme", this.db, Decision.THROTTLED, 2, 0);
		}
		this.time.set(STEP_START.plusSeconds(62));

		this.cycle.tick().block();

		// admitted 8 units is within [2, 10]; offered 12 is above it
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.25);
		assertThat(this.adjustment.bursts(ACME)).isEqualTo(1);
	}

	@Test
	void withAClusterTheStepIsLearntFromTheClustersTotalOnlyOnceItSettled() {
		long step = this.steps.indexOf(this.time.epochNanos());
		this.adjustment.expect(step, Map.of(ACME, new Forecast(6, 2, 10)));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 3, 0);
		List<StepUsage> added = new ArrayList<>();
		StepUsage otherInstances = new StepUsage("acme", "db", STEP_START, 4, 4, 0, 0, 9, 0, 0, 0);
		ClusterUsage cluster = new ClusterUsage() {

			@Override
			public CompletableFuture<Void> contribute(long closed, List<StepUsage> records) {
				added.addAll(records);
				return CompletableFuture.completedFuture(null);
			}

			@Override
			public CompletableFuture<List<StepUsage>> total(long closed) {
				double units = otherInstances.units() + added.stream().mapToDouble(StepUsage::units).sum();
				return CompletableFuture
					.completedFuture(List.of(new StepUsage("acme", "db", STEP_START, 5, 5, 0, 0, units, 0, 0, 0)));
			}

		};
		UsageCycle clustered = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, null,
				Duration.ofSeconds(2), (closed, records) -> {
				}, cluster);
		this.time.set(STEP_START.plusSeconds(62));
		clustered.tick().block();
		assertThat(added).extracting(StepUsage::units).containsExactly(3.0);
		assertThat(this.adjustment.bursts(ACME)).as("not learnt before it settled").isZero();

		this.time.set(STEP_START.plusSeconds(64));
		clustered.tick().block();

		// this instance's 3 units are within [2, 10]; the cluster's 12 are above it
		assertThat(this.adjustment.bursts(ACME)).isEqualTo(1);
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.25);
	}

	@Test
	void withAClusterAStepWhoseTotalCannotBeReadIsNotLearntFrom() {
		long step = this.steps.indexOf(this.time.epochNanos());
		this.adjustment.expect(step, Map.of(ACME, new Forecast(6, 2, 10)));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		ClusterUsage down = new ClusterUsage() {

			@Override
			public CompletableFuture<Void> contribute(long closed, List<StepUsage> records) {
				return CompletableFuture.failedFuture(new IllegalStateException("Redis is down"));
			}

			@Override
			public CompletableFuture<List<StepUsage>> total(long closed) {
				return CompletableFuture.failedFuture(new IllegalStateException("Redis is down"));
			}

		};
		UsageCycle clustered = new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, null,
				Duration.ofSeconds(2), (closed, records) -> {
				}, down);
		this.time.set(STEP_START.plusSeconds(64));
		clustered.tick().block();

		assertThat(this.adjustment.multiplier(ACME)).as("1 unit alone would read as a lull").isEqualTo(1.0);
		assertThat(this.adjustment.expected(step)).as("the step's forecast is still remembered").isNotEmpty();
	}

}
