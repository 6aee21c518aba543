package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import static org.assertj.core.api.Assertions.tuple;

/**
 * Which steps a single instance's cycle closes, when, and in what order: one-minute steps
 * from 09:00, every closed step told to a listener that records its index and records.
 */
class UsageCycleClosingTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceType db = new ResourceTypes(Map.of("db", 10.0)).get("db");

	private final UsageAggregator aggregator = new UsageAggregator(this.steps, this.time,
			new ResourceTypes(Map.of("db", 10.0)), 100);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);

	private final List<StepUsage> published = new ArrayList<>();

	private final List<Long> closed = new ArrayList<>();

	private final List<List<StepUsage>> closedRecords = new ArrayList<>();

	private final UsagePublisher publisher = new UsagePublisher("gw-1", (instance, records) -> {
		this.published.addAll(records);
		return Mono.just(UsageSink.Result.ACCEPTED);
	}, 100, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime, () -> 0.0);

	private final long first = this.steps.indexOf(this.time.epochNanos());

	private UsageCycle cycle(Duration closeDelay, UsagePublisher publisher) {
		return new UsageCycle(this.steps, this.time, this.aggregator, this.adjustment, publisher, closeDelay,
				(step, records) -> {
					this.closed.add(step);
					this.closedRecords.add(records);
				});
	}

	/**
	 * The cycle after its first tick, half-way into the first step: the steps before it
	 * are closed and forgotten here.
	 */
	private UsageCycle started(Duration closeDelay, UsagePublisher publisher) {
		UsageCycle cycle = cycle(closeDelay, publisher);
		at(Duration.ofSeconds(30));
		cycle.tick().block();
		this.closed.clear();
		this.closedRecords.clear();
		return cycle;
	}

	private void at(Duration sinceFirstStep) {
		this.time.set(STEP_START.plus(sinceFirstStep));
	}

	@Test
	void aCloseDelayLongerThanAQuarterStepIsAQuarterStep() {
		UsageCycle cycle = started(Duration.ofSeconds(30), this.publisher);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);

		at(Duration.ofSeconds(75).minusNanos(1));
		cycle.tick().block();
		assertThat(this.closed).isEmpty();

		at(Duration.ofSeconds(75));
		cycle.tick().block();
		assertThat(this.closed).containsExactly(this.first);
		assertThat(this.published).extracting(StepUsage::stepStart).containsExactly(STEP_START);
	}

	@Test
	void everyStepIsToldInOrderQuietOnesWithNoRecords() {
		UsageCycle cycle = started(Duration.ofSeconds(2), this.publisher);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		at(Duration.ofMinutes(2));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 2, 0);

		at(Duration.ofMinutes(3).plusSeconds(2));
		cycle.tick().block();

		assertThat(this.closed).containsExactly(this.first, this.first + 1, this.first + 2);
		assertThat(this.closedRecords.get(0)).extracting(StepUsage::units).containsExactly(1.0);
		assertThat(this.closedRecords.get(1)).isEmpty();
		assertThat(this.closedRecords.get(2)).extracting(StepUsage::units).containsExactly(2.0);
	}

	@Test
	void aStepIsClosedOnceHoweverOftenTheCycleTicks() {
		UsageCycle cycle = started(Duration.ofSeconds(2), this.publisher);
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		at(Duration.ofSeconds(62));
		cycle.tick().block();
		at(Duration.ofSeconds(90));
		cycle.tick().block();
		at(Duration.ofSeconds(121));

		cycle.tick().block();

		assertThat(this.closed).containsExactly(this.first);
		assertThat(this.published).hasSize(1);
	}

	@Test
	void afterALongPauseOnlyTheLastNineStepsAreToldOrLearntFrom() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), this.publisher);
		at(Duration.ofSeconds(62));
		cycle.tick().block();
		this.closed.clear();

		at(Duration.ofMinutes(21).plusSeconds(2));
		cycle.tick().block();

		assertThat(this.closed).containsExactly(this.first + 12, this.first + 13, this.first + 14, this.first + 15,
				this.first + 16, this.first + 17, this.first + 18, this.first + 19, this.first + 20);
	}

	@Test
	void theFirstTickTellsAtMostTheNineStepsBeforeIt() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), this.publisher);

		at(Duration.ofMinutes(1).plusSeconds(2));
		cycle.tick().block();

		assertThat(this.closed).containsExactly(this.first - 8, this.first - 7, this.first - 6, this.first - 5,
				this.first - 4, this.first - 3, this.first - 2, this.first - 1, this.first);
	}

	@Test
	void withoutAPublisherClosedStepsStillTeachTheAdjustment() {
		UsageCycle cycle = started(Duration.ofSeconds(2), null);
		this.adjustment.expect(this.first, Map.of(ACME, new Forecast(6, 2, 10)));
		this.aggregator.record("acme", this.db, Decision.THROTTLED, 12, 0);
		at(Duration.ofSeconds(62));

		assertThat(cycle.tick().block()).isNull();

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.25);
		assertThat(this.closed).containsExactly(this.first);
	}

	@Test
	void quietStepsOfferNothingToThePublisher() {
		List<List<StepUsage>> offered = new ArrayList<>();
		UsagePublisher counting = new UsagePublisher("gw-1", (instance, records) -> {
			offered.add(records);
			return Mono.just(UsageSink.Result.ACCEPTED);
		}, 100, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime, () -> 0.0);
		UsageCycle cycle = cycle(Duration.ofSeconds(2), counting);

		at(Duration.ofSeconds(62));
		cycle.tick().block();

		assertThat(this.closed).isNotEmpty();
		assertThat(counting.buffered()).isZero();
		assertThat(offered).isEmpty();
	}

	@Test
	void closingOnShutdownPublishesTheUnfinishedStepWithoutTeachingTheAdjustment() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), this.publisher);
		this.adjustment.expect(this.first, Map.of(ACME, new Forecast(6, 2, 10)));
		at(Duration.ofSeconds(30));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);

		cycle.closeCurrent();
		this.publisher.flush().block();
		at(Duration.ofSeconds(62));
		cycle.tick().block();

		assertThat(this.published).extracting(StepUsage::stepStart, StepUsage::units)
			.containsExactly(tuple(STEP_START, 1.0));
		assertThat(this.closed).as("the step was closed on shutdown, not by a tick").isEmpty();
		assertThat(this.adjustment.multiplier(ACME)).as("1 unit of an unfinished step is no lull").isEqualTo(1.0);
	}

	@Test
	void closingOnShutdownWithoutAPublisherClosesTheStepAndItsRecords() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), null);
		at(Duration.ofSeconds(30));
		this.aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);

		cycle.closeCurrent();

		assertThat(this.aggregator.closeThrough(this.first)).isEmpty();
	}

	@Test
	void ticksAfterClosingOnShutdownNeverTellTheStepClosedThen() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), null);
		at(Duration.ofSeconds(30));
		cycle.closeCurrent();
		at(Duration.ofSeconds(45));
		cycle.tick().block();

		at(Duration.ofSeconds(62));
		cycle.tick().block();

		assertThat(this.closed).doesNotContain(this.first);
	}

	@Test
	void closingOnShutdownWithoutAPublisherOrRecordsClosesTheStep() {
		UsageCycle cycle = cycle(Duration.ofSeconds(2), null);
		at(Duration.ofSeconds(30));

		cycle.closeCurrent();
		at(Duration.ofSeconds(62));
		cycle.tick().block();

		assertThat(this.closed).isEmpty();
	}

}
