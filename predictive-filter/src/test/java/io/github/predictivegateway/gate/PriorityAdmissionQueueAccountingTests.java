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
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.TimeSource;

import static io.github.predictivegateway.gate.PriorityClass.PREALLOCATED;
import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admission queue counts and gives back when waits end other than by admission
 * (cancelled, displaced, refused, closed, looked at late), in virtual time, with exact
 * numbers. The requests mostly arrive after the clock's zero, so that a wait is never
 * mistaken for the time of its end.
 */
class PriorityAdmissionQueueAccountingTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final TimeSource time = () -> this.clock.now(TimeUnit.NANOSECONDS);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<String> done = new ArrayList<>();

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	/** A gate of 10 units/s holding {@code size} units: one unit of room per 100 ms. */
	private LocalCapacityGate gate(long size) {
		return new LocalCapacityGate(10, Duration.ofMillis(100 * size), this.time);
	}

	private PriorityAdmissionQueue queue(CapacityGate gate, int maxLength, Duration standardWait, Scheduler scheduler) {
		return new PriorityAdmissionQueue("db", gate, new QueueSettings(maxLength, Duration.ofSeconds(3), standardWait),
				scheduler, this.registry);
	}

	private PriorityAdmissionQueue queue(CapacityGate gate) {
		return queue(gate, 10, Duration.ofSeconds(1), this.clock);
	}

	private Disposable submit(PriorityAdmissionQueue queue, String name, PriorityClass priority, long cost) {
		return queue.acquire(priority, cost)
			.subscribe(result -> this.done
				.add(name + " " + result.outcome() + "@" + now() + " waited " + result.waitedMillis() + " ms"));
	}

	private long now() {
		return this.clock.now(TimeUnit.MILLISECONDS);
	}

	private void advance(long millis) {
		this.clock.advanceTimeBy(Duration.ofMillis(millis));
	}

	private double counter(String name, String priority, String reason) {
		return this.registry.get(name)
			.tags(PredictiveMetricNames.CLASS, priority, PredictiveMetricNames.REASON, reason)
			.counter()
			.count();
	}

	private double waitedMillis(String priority, String outcome) {
		return this.registry.get(PredictiveMetricNames.QUEUE_WAIT)
			.tags(PredictiveMetricNames.CLASS, priority, PredictiveMetricNames.OUTCOME, outcome)
			.timer()
			.totalTime(TimeUnit.MILLISECONDS);
	}

	@Test
	void aRequestThatNeverFitsIsCountedAsARejection() {
		PriorityAdmissionQueue queue = queue(gate(1));

		submit(queue, "too large", STANDARD, 32);

		assertThat(this.done).containsExactly("too large NEVER_FITS@0 waited 0 ms");
		assertThat(counter(PredictiveMetricNames.QUEUE_REJECTIONS, "standard", "never-fits")).isEqualTo(1);
	}

	@Test
	void aClassWithoutWaitCountsItsRefusalAsATimeOutAfterNoWait() {
		PriorityAdmissionQueue queue = queue(gate(1), 10, Duration.ZERO, this.clock);
		advance(30);
		submit(queue, "now", STANDARD, 1);

		submit(queue, "s1", STANDARD, 1);

		assertThat(this.done).containsExactly("now ADMITTED@30 waited 0 ms", "s1 TIMED_OUT@30 waited 0 ms");
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_TIMEOUTS)
			.tag(PredictiveMetricNames.CLASS, "standard")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_WAIT)
			.tags(PredictiveMetricNames.CLASS, "standard", PredictiveMetricNames.OUTCOME, "timed-out")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void aDisplacedRequestIsCountedWithTheTimeItWaited() {
		PriorityAdmissionQueue queue = queue(gate(1), 2, Duration.ofSeconds(1), this.clock);
		submit(queue, "now", STANDARD, 1);
		submit(queue, "s1", STANDARD, 1);
		advance(30);
		submit(queue, "s2", STANDARD, 1);
		advance(20);

		submit(queue, "p1", PREALLOCATED, 1);

		assertThat(this.done).containsExactly("now ADMITTED@0 waited 0 ms", "s2 QUEUE_FULL@50 waited 20 ms");
		assertThat(counter(PredictiveMetricNames.QUEUE_REJECTIONS, "standard", "displaced")).isEqualTo(1);
		assertThat(waitedMillis("standard", "displaced")).isEqualTo(20);
	}

	@Test
	void aCancelledWaitIsTimedFromArrivalToCancellation() {
		PriorityAdmissionQueue queue = queue(gate(1));
		advance(30);
		submit(queue, "now", STANDARD, 1);
		Disposable s1 = submit(queue, "s1", STANDARD, 1);
		advance(50);

		s1.dispose();

		assertThat(waitedMillis("standard", "cancelled")).isEqualTo(50);
	}

	@Test
	void cancellingTheHeadLetsASmallerRequestBehindItThroughAtOnce() {
		LocalCapacityGate gate = gate(10);
		PriorityAdmissionQueue queue = queue(gate);
		submit(queue, "now", STANDARD, 10);
		Disposable big = submit(queue, "big", STANDARD, 5);
		submit(queue, "small", STANDARD, 1);
		// the gate holds 1 unit: enough for the small one, not for the head
		advance(100);

		big.dispose();

		assertThat(this.done).containsExactly("now ADMITTED@0 waited 0 ms", "small ADMITTED@100 waited 100 ms");
	}

	@Test
	void unitsOfAnAdmissionCancelledBeforeDeliveryLetTheNextWaiterThroughAtOnce() {
		PriorityAdmissionQueue queue = queue(gate(1));
		submit(queue, "now", STANDARD, 1);
		BaseSubscriber<GateResult> slow = neverRequesting();
		queue.acquire(STANDARD, 1).subscribe(slow);
		advance(100);
		submit(queue, "next", STANDARD, 1);
		advance(50);

		slow.cancel();

		assertThat(this.done).containsExactly("now ADMITTED@0 waited 0 ms", "next ADMITTED@150 waited 50 ms");
	}

	@Test
	void cancellingAnAnswerAlreadyTimedOutReturnsNothingToTheGate() {
		// 1 unit of room every 10 s: none before the 1 s wait ends
		LocalCapacityGate gate = new LocalCapacityGate(0.1, Duration.ofSeconds(10), this.time);
		PriorityAdmissionQueue queue = queue(gate);
		submit(queue, "now", STANDARD, 1);
		BaseSubscriber<GateResult> slow = neverRequesting();
		queue.acquire(STANDARD, 1).subscribe(slow);
		advance(1000);
		assertThat(gate.availableUnits()).isZero();

		slow.cancel();

		assertThat(gate.availableUnits()).isZero();
	}

	@Test
	void whenAHeadThatDoesNotFitTimesOutTheSmallerRequestBehindItIsAdmittedAtThatMoment() {
		PriorityAdmissionQueue queue = queue(gate(10), 10, Duration.ofMillis(300), this.clock);
		submit(queue, "now", STANDARD, 10);
		submit(queue, "big", STANDARD, 5);
		advance(100);
		submit(queue, "small", STANDARD, 1);

		// at 300 ms the gate holds 3 units: not the head's 5, whose wait ends then
		advance(200);

		assertThat(this.done).containsExactly("now ADMITTED@0 waited 0 ms", "big TIMED_OUT@300 waited 300 ms",
				"small ADMITTED@300 waited 200 ms");
	}

	@Test
	void aSecondCloseNeverExtendsTheGraceOfTheFirst() {
		PriorityAdmissionQueue queue = queue(gate(1));
		submit(queue, "first", STANDARD, 1);
		submit(queue, "b", STANDARD, 1);
		submit(queue, "c", STANDARD, 1);
		submit(queue, "d", STANDARD, 1);

		queue.close(Duration.ofMillis(250));
		queue.close(Duration.ofSeconds(1));
		advance(1000);

		assertThat(this.done).containsExactly("first ADMITTED@0 waited 0 ms", "b ADMITTED@100 waited 100 ms",
				"c ADMITTED@200 waited 200 ms", "d TIMED_OUT@250 waited 250 ms");
	}

	@Test
	void closingWithTheLongestGraceLeavesEachWaiterItsOwnDeadline() {
		PriorityAdmissionQueue queue = queue(gate(1), 10, Duration.ofMillis(150), this.clock);
		advance(100);
		submit(queue, "first", STANDARD, 1);
		submit(queue, "b", STANDARD, 1);
		submit(queue, "c", STANDARD, 1);

		// now + grace is past Long.MAX_VALUE nanoseconds: the close deadline saturates
		queue.close(Duration.ofNanos(Long.MAX_VALUE));
		advance(1000);

		assertThat(this.done).containsExactly("first ADMITTED@100 waited 0 ms", "b ADMITTED@200 waited 100 ms",
				"c TIMED_OUT@250 waited 150 ms");
	}

	@Test
	void aWaiterPastItsDeadlineWhenTheQueueNextLooksIsTimedOutEvenThoughTheGateHasRoom() {
		LocalCapacityGate gate = gate(1);
		PriorityAdmissionQueue queue = queue(gate, 10, Duration.ofSeconds(1), new WithoutWakeUps());
		advance(100);
		submit(queue, "first", STANDARD, 1);
		submit(queue, "late", STANDARD, 1);
		// no wake-up runs: the queue looks again only when the next request arrives,
		// a second after the late one's deadline, with the gate full again
		advance(2000);

		submit(queue, "next", STANDARD, 1);

		assertThat(this.done).containsExactly("first ADMITTED@100 waited 0 ms", "late TIMED_OUT@2100 waited 2000 ms",
				"next ADMITTED@2100 waited 0 ms");
		assertThat(gate.availableUnits()).isZero();
	}

	/** A subscriber that never asks for its answer, so that it is never delivered. */
	private static BaseSubscriber<GateResult> neverRequesting() {
		return new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
			}

		};
	}

	/**
	 * The virtual clock, with wake-ups that never run (a scheduler far behind): the queue
	 * drains only when a request arrives or leaves.
	 */
	private final class WithoutWakeUps implements Scheduler {

		@Override
		public long now(TimeUnit unit) {
			return PriorityAdmissionQueueAccountingTests.this.clock.now(unit);
		}

		@Override
		public Disposable schedule(Runnable task) {
			return Disposables.single();
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			return Disposables.single();
		}

		@Override
		public Worker createWorker() {
			return PriorityAdmissionQueueAccountingTests.this.clock.createWorker();
		}

	}

}
