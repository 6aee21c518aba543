package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.TimeSource;

import static io.github.predictivegateway.gate.PriorityClass.PREALLOCATED;
import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission queue in virtual time: a gate of 10 units/s that holds 1 unit, so exactly
 * one unit of room appears every 100 ms, and every number below is exact. Both the gate's
 * refill and the queue's timers read the same {@link VirtualTimeScheduler}.
 */
class PriorityAdmissionQueueTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final TimeSource time = () -> this.clock.now(TimeUnit.NANOSECONDS);

	private final LocalCapacityGate gate = new LocalCapacityGate(10, Duration.ofMillis(100), this.time);

	private SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<Done> done = new ArrayList<>();

	private PriorityAdmissionQueue queue = queue(5, Duration.ofSeconds(3), Duration.ofSeconds(1));

	private record Done(String name, GateResult result, long atMillis) {

		GateResult.Outcome outcome() {
			return this.result.outcome();
		}

	}

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	private PriorityAdmissionQueue queue(int maxLength, Duration preallocatedWait, Duration standardWait) {
		return new PriorityAdmissionQueue("db", this.gate, new QueueSettings(maxLength, preallocatedWait, standardWait),
				this.clock, this.registry);
	}

	private Disposable submit(String name, PriorityClass priority) {
		return this.queue.acquire(priority, 1)
			.subscribe(result -> this.done.add(new Done(name, result, this.clock.now(TimeUnit.MILLISECONDS))));
	}

	private void advance(long millis) {
		this.clock.advanceTimeBy(Duration.ofMillis(millis));
	}

	private List<String> admittedInOrder() {
		return this.done.stream().filter(d -> d.result().admitted()).map(d -> d.name() + "@" + d.atMillis()).toList();
	}

	@Test
	void aRequestPassesAtOnceWhileTheGateHasRoomAndNobodyWaits() {
		submit("first", STANDARD);

		assertThat(this.done).singleElement().satisfies(d -> {
			assertThat(d.result()).isEqualTo(new GateResult(GateResult.Outcome.ADMITTED, STANDARD, false, 0, 0));
			assertThat(d.atMillis()).isZero();
		});
		assertThat(this.queue.length()).isZero();
	}

	@Test
	void waitingRequestsAreAdmittedOneUnitOfRoomAtATimeInArrivalOrder() {
		submit("now", STANDARD);
		for (int i = 1; i <= 4; i++) {
			submit("s" + i, STANDARD);
		}
		assertThat(this.queue.length()).isEqualTo(4);

		advance(1000);

		assertThat(admittedInOrder()).containsExactly("now@0", "s1@100", "s2@200", "s3@300", "s4@400");
		assertThat(this.done).filteredOn(d -> d.name().equals("s3"))
			.singleElement()
			.satisfies(d -> assertThat(d.result().waitedMillis()).isEqualTo(300));
	}

	@Test
	void preallocatedRequestsGoBeforeStandardOnesThatArrivedEarlier() {
		submit("now", STANDARD);
		submit("s1", STANDARD);
		submit("s2", STANDARD);
		advance(50);
		submit("p1", PREALLOCATED);
		submit("p2", PREALLOCATED);

		advance(1000);

		assertThat(admittedInOrder()).containsExactly("now@0", "p1@100", "p2@200", "s1@300", "s2@400");
	}

	@Test
	void idleReservationsAreLentToStandardRequestsAndTheirOwnerIsFirstInLineWhenItComes() {
		// the gate is one pool: a standard request may take room that a reservation
		// holder has not claimed
		submit("lent", STANDARD);
		submit("s1", STANDARD);
		advance(100);
		assertThat(admittedInOrder()).containsExactly("lent@0", "s1@100");

		submit("s2", STANDARD);
		submit("owner", PREALLOCATED);
		advance(200);

		assertThat(admittedInOrder()).containsExactly("lent@0", "s1@100", "owner@200", "s2@300");
	}

	@Test
	void aRequestStillWaitingAtItsMaximumWaitIsTimedOutAtExactlyThatMoment() {
		this.queue = queue(20, Duration.ofSeconds(3), Duration.ofSeconds(1));
		submit("now", STANDARD);
		for (int i = 1; i <= 12; i++) {
			submit("s" + i, STANDARD);
		}

		advance(999);
		assertThat(this.done).noneMatch(d -> d.outcome() == GateResult.Outcome.TIMED_OUT);
		assertThat(admittedInOrder()).hasSize(10).last().isEqualTo("s9@900");

		advance(1);
		// room at 1000 ms is still in time for s10 (t <= arrival + max wait); s11 and s12
		// are answered then
		assertThat(admittedInOrder()).hasSize(11).last().isEqualTo("s10@1000");
		assertThat(this.done).filteredOn(d -> d.outcome() == GateResult.Outcome.TIMED_OUT)
			.extracting(d -> d.name() + "@" + d.atMillis() + " waited " + d.result().waitedMillis() + " ms, retry "
					+ d.result().retryAfterSeconds() + " s")
			.containsExactly("s11@1000 waited 1000 ms, retry 1 s", "s12@1000 waited 1000 ms, retry 1 s");
		assertThat(this.queue.length()).isZero();
	}

	@Test
	void eachClassHasItsOwnMaximumWait() {
		this.queue = queue(20, Duration.ofMillis(250), Duration.ofMillis(150));
		submit("now", STANDARD);
		submit("p1", PREALLOCATED);
		submit("p2", PREALLOCATED);
		submit("p3", PREALLOCATED);
		submit("s1", STANDARD);

		advance(1000);

		assertThat(this.done).extracting(d -> d.name() + " " + d.outcome() + "@" + d.atMillis())
			.containsExactly("now ADMITTED@0", "p1 ADMITTED@100", "s1 TIMED_OUT@150", "p2 ADMITTED@200",
					"p3 TIMED_OUT@250");
	}

	@Test
	void theTimeoutIsExactInStepVerifierVirtualTime() {
		LocalCapacityGate slow = new LocalCapacityGate(0.1, Duration.ofSeconds(10), this.time);
		PriorityAdmissionQueue slowQueue = new PriorityAdmissionQueue("db", slow,
				new QueueSettings(5, Duration.ofSeconds(3), Duration.ofSeconds(1)), this.clock, this.registry);
		slowQueue.acquire(STANDARD, 1).subscribe();

		StepVerifier.withVirtualTime(() -> slowQueue.acquire(STANDARD, 1), () -> this.clock, Long.MAX_VALUE)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(999))
			.thenAwait(Duration.ofMillis(1))
			.assertNext(result -> assertThat(result)
				.isEqualTo(new GateResult(GateResult.Outcome.TIMED_OUT, STANDARD, true, 1_000_000_000L, 1)))
			.verifyComplete();
	}

	@Test
	void aRequestThatFindsTheQueueFullIsRefusedAtOnce() {
		this.queue = queue(3, Duration.ofSeconds(3), Duration.ofSeconds(1));
		submit("now", STANDARD);
		submit("s1", STANDARD);
		submit("s2", STANDARD);
		submit("s3", STANDARD);

		submit("s4", STANDARD);

		assertThat(this.done).last()
			.isEqualTo(new Done("s4", new GateResult(GateResult.Outcome.QUEUE_FULL, STANDARD, false, 0, 1), 0));
		assertThat(this.queue.length()).isEqualTo(3);
	}

	@Test
	void aPreallocatedRequestFindingTheQueueFullTakesThePlaceOfTheNewestStandardOne() {
		this.queue = queue(3, Duration.ofSeconds(3), Duration.ofSeconds(1));
		submit("now", STANDARD);
		submit("s1", STANDARD);
		submit("s2", STANDARD);
		advance(10);
		submit("s3", STANDARD);
		advance(10);

		submit("p1", PREALLOCATED);

		assertThat(this.done).last()
			.isEqualTo(
					new Done("s3", new GateResult(GateResult.Outcome.QUEUE_FULL, STANDARD, true, 10_000_000L, 1), 20));
		assertThat(this.queue.length()).isEqualTo(3);
		advance(1000);
		assertThat(admittedInOrder()).containsExactly("now@0", "p1@100", "s1@200", "s2@300");
	}

	@Test
	void aStandardRequestNeverDisplacesAPreallocatedOne() {
		this.queue = queue(2, Duration.ofSeconds(3), Duration.ofSeconds(1));
		submit("now", STANDARD);
		submit("p1", PREALLOCATED);
		submit("p2", PREALLOCATED);

		submit("s1", STANDARD);

		assertThat(this.done).last()
			.extracting(Done::name, Done::outcome)
			.containsExactly("s1", GateResult.Outcome.QUEUE_FULL);
	}

	@Test
	void aClassWithoutWaitIsRefusedAtOnceWhenTheGateIsFull() {
		this.queue = queue(5, Duration.ofSeconds(3), Duration.ZERO);
		submit("now", STANDARD);

		submit("s1", STANDARD);

		assertThat(this.done).last()
			.isEqualTo(new Done("s1", new GateResult(GateResult.Outcome.TIMED_OUT, STANDARD, false, 0, 1), 0));
		assertThat(this.queue.length()).isZero();
	}

	@Test
	void aCancelledRequestLeavesTheQueueAtOnceAndThoseBehindMoveUp() {
		submit("now", STANDARD);
		submit("s1", STANDARD);
		Disposable s2 = submit("s2", STANDARD);
		submit("s3", STANDARD);
		advance(50);

		s2.dispose();

		assertThat(this.queue.length()).isEqualTo(2);
		assertThat(this.queue.queuedUnits()).isEqualTo(2);
		advance(1000);
		assertThat(admittedInOrder()).containsExactly("now@0", "s1@100", "s3@200");
		assertThat(this.done).extracting(Done::name).doesNotContain("s2");
	}

	@Test
	void cancelledRequestsTakeNoCapacityWithThem() {
		this.queue = queue(20, Duration.ofSeconds(3), Duration.ofSeconds(1));
		submit("now", STANDARD);
		List<Disposable> waiting = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			waiting.add(submit("s" + i, STANDARD));
		}
		advance(50);
		for (int i = 0; i < 10; i += 2) {
			waiting.get(i).dispose();
		}

		advance(550);
		assertThat(admittedInOrder()).containsExactly("now@0", "s2@100", "s4@200", "s6@300", "s8@400", "s10@500");
		submit("late", STANDARD);

		assertThat(this.done).last().satisfies(d -> assertThat(d.result().queued()).isFalse());
		assertThat(this.gate.availableUnits()).isZero();
	}

	@Test
	void capacityAdmittedToARequestThatIsCancelledBeforeItIsDeliveredGoesBackToTheGate() {
		submit("now", STANDARD);
		// a subscriber that has not asked for the result yet: the grant is made but
		// cannot be delivered
		BaseSubscriber<GateResult> slow = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
			}

		};
		this.queue.acquire(STANDARD, 1).subscribe(slow);
		advance(100);
		assertThat(this.queue.length()).isZero();
		assertThat(this.gate.availableUnits()).isZero();

		slow.cancel();

		assertThat(this.gate.availableUnits()).isEqualTo(1);
		submit("next", STANDARD);
		assertThat(this.done).last().satisfies(d -> {
			assertThat(d.name()).isEqualTo("next");
			assertThat(d.result().queued()).isFalse();
		});
	}

	@Test
	void aCancelledHeadOfTheHigherClassLetsTheNextOneThrough() {
		submit("now", STANDARD);
		Disposable p1 = submit("p1", PREALLOCATED);
		submit("s1", STANDARD);

		p1.dispose();
		advance(100);

		assertThat(admittedInOrder()).containsExactly("now@0", "s1@100");
	}

	@Test
	void metricsCountWaitsByClassAndOutcomeTimeoutsRejectionsAndTheLength() {
		this.registry = new SimpleMeterRegistry();
		this.queue = queue(3, Duration.ofMillis(150), Duration.ofMillis(150));
		submit("now", STANDARD);
		submit("p1", PREALLOCATED);
		submit("s1", STANDARD);
		Disposable s2 = submit("s2", STANDARD);
		submit("s3", STANDARD);
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_LENGTH).gauge().value()).isEqualTo(3);
		s2.dispose();

		advance(1000);

		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_LENGTH).gauge().value()).isZero();
		assertThat(waits("preallocated", "admitted")).isEqualTo(1);
		assertThat(waits("standard", "timed-out")).isEqualTo(1);
		assertThat(waits("standard", "cancelled")).isEqualTo(1);
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_WAIT)
			.tags(PredictiveMetricNames.CLASS, "standard", PredictiveMetricNames.OUTCOME, "timed-out")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_TIMEOUTS)
			.tag(PredictiveMetricNames.CLASS, "standard")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_REJECTIONS)
			.tags(PredictiveMetricNames.CLASS, "standard", PredictiveMetricNames.REASON, "full")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(PredictiveMetricNames.GATE_ADMITTED)
			.tags(PredictiveMetricNames.CLASS, "standard", PredictiveMetricNames.QUEUED, "false")
			.counter()
			.count()).isEqualTo(1);
	}

	private long waits(String priority, String outcome) {
		return this.registry.get(PredictiveMetricNames.QUEUE_WAIT)
			.tags(PredictiveMetricNames.RESOURCE, "db", PredictiveMetricNames.CLASS, priority,
					PredictiveMetricNames.OUTCOME, outcome)
			.timer()
			.count();
	}

	@Test
	void closingAnswersEveryWaiterWithinTheGraceAndRefusesLaterArrivals() {
		submit("first", STANDARD);
		submit("b", STANDARD);
		submit("c", STANDARD);
		submit("d", STANDARD);
		submit("p", PREALLOCATED);

		this.queue.close(Duration.ofMillis(250));
		submit("late", PREALLOCATED);
		advance(250);

		assertThat(admittedInOrder()).containsExactly("first@0", "p@100", "b@200");
		assertThat(this.done).filteredOn(d -> d.outcome() == GateResult.Outcome.TIMED_OUT)
			.extracting(d -> d.name() + "@" + d.atMillis(), d -> d.result().retryAfterSeconds() >= 1)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("c@250", true),
					org.assertj.core.groups.Tuple.tuple("d@250", true));
		assertThat(this.done).filteredOn(d -> d.outcome() == GateResult.Outcome.CLOSED)
			.extracting(Done::name, Done::atMillis)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("late", 0L));
		assertThat(this.queue.length()).isZero();
		assertThat(this.queue.queuedUnits()).isZero();
	}

	@Test
	void closingWithoutGraceAnswersEveryWaiterAtOnce() {
		submit("first", STANDARD);
		submit("b", STANDARD);
		submit("p", PREALLOCATED);

		this.queue.close(Duration.ZERO);

		assertThat(this.done).extracting(Done::name, Done::outcome, Done::atMillis)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("first", GateResult.Outcome.ADMITTED, 0L),
					org.assertj.core.groups.Tuple.tuple("p", GateResult.Outcome.TIMED_OUT, 0L),
					org.assertj.core.groups.Tuple.tuple("b", GateResult.Outcome.TIMED_OUT, 0L));
		assertThat(this.queue.length()).isZero();
	}

}
