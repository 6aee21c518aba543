package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.TimeSource;

import static io.github.predictivegateway.gate.PriorityClass.PREALLOCATED;
import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission queue when what it relies on fails, and for requests that can never fit,
 * in virtual time: a gate of 10 units/s holding 1 unit (one unit of room every 100 ms),
 * wrapped so that a test can make its next {@code tryAcquire} throw.
 */
class PriorityAdmissionQueueFailureTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final TimeSource time = () -> this.clock.now(TimeUnit.NANOSECONDS);

	private final LocalCapacityGate local = new LocalCapacityGate(10, Duration.ofMillis(100), this.time);

	private final ThrowingGate gate = new ThrowingGate(this.local);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final PriorityAdmissionQueue queue = new PriorityAdmissionQueue("db", this.gate,
			new QueueSettings(10, Duration.ofSeconds(3), Duration.ofSeconds(1)), this.clock, this.registry);

	private final List<String> done = new ArrayList<>();

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	private void submit(String name, PriorityClass priority, long cost) {
		this.queue.acquire(priority, cost)
			.subscribe(result -> this.done.add(name + " " + result.outcome() + "@" + now()),
					error -> this.done.add(name + " failed@" + now() + ": " + error.getClass().getSimpleName() + " ("
							+ error.getCause().getMessage() + ")"));
	}

	private long now() {
		return this.clock.now(TimeUnit.MILLISECONDS);
	}

	private void advance(long millis) {
		this.clock.advanceTimeBy(Duration.ofMillis(millis));
	}

	@Test
	void aGateThatThrowsOnceFailsTheRequestItWasServingAndEveryLaterOneIsDecided() {
		submit("first", STANDARD, 1);
		submit("served", PREALLOCATED, 1);
		submit("behind", STANDARD, 1);
		this.gate.throwOnNextAcquire();

		advance(100);
		submit("later", PREALLOCATED, 1);
		advance(2000);

		assertThat(this.done).containsExactly("first ADMITTED@0",
				"served failed@100: GateFailureException (the gate broke)", "behind ADMITTED@100",
				"later ADMITTED@200");
		assertThat(this.queue.length()).isZero();
		assertThat(this.queue.queuedUnits()).isZero();
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_REJECTIONS)
			.tags(PredictiveMetricNames.CLASS, "preallocated", PredictiveMetricNames.REASON, "failed")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aGateThatThrowsOnceWhenAskedAtOnceFailsThatRequestOnly() {
		this.gate.throwOnNextAcquire();
		submit("asked", STANDARD, 1);
		submit("next", STANDARD, 1);

		assertThat(this.done).containsExactly("asked failed@0: GateFailureException (the gate broke)",
				"next ADMITTED@0");
	}

	@Test
	void aGateThatAlwaysThrowsEmptiesTheQueueInsteadOfWedgingIt() {
		submit("first", STANDARD, 1);
		submit("a", STANDARD, 1);
		submit("b", STANDARD, 1);
		this.gate.throwAlways();

		advance(100);

		assertThat(this.done).containsExactly("first ADMITTED@0", "a failed@100: GateFailureException (the gate broke)",
				"b failed@100: GateFailureException (the gate broke)");
		assertThat(this.queue.length()).isZero();
	}

	@Test
	void aClockThatThrowsOnceInTheDrainLoopFailsTheFirstWaiterAndTheQueueGoesOn() {
		ThrowingClock clock = new ThrowingClock(this.clock);
		PriorityAdmissionQueue queue = new PriorityAdmissionQueue("db", this.gate,
				new QueueSettings(10, Duration.ofSeconds(3), Duration.ofSeconds(1)), clock, this.registry);
		List<String> done = new ArrayList<>();
		queue.acquire(STANDARD, 1).subscribe(result -> done.add("first " + result.outcome() + "@" + now()));
		queue.acquire(STANDARD, 1)
			.subscribe(result -> done.add("a " + result.outcome()),
					error -> done.add("a failed@" + now() + ": " + error.getCause().getMessage()));
		clock.throwOnNextRead();

		advance(100);
		queue.acquire(STANDARD, 1).subscribe(result -> done.add("b " + result.outcome() + "@" + now()));
		queue.acquire(STANDARD, 1).subscribe(result -> done.add("c " + result.outcome() + "@" + now()));
		advance(100);

		assertThat(done).containsExactly("first ADMITTED@0", "a failed@100: the clock broke", "b ADMITTED@100",
				"c ADMITTED@200");
		assertThat(queue.length()).isZero();
	}

	@Test
	void aRequestAboveWhatTheGateLetsThroughWithinTheLongestWaitNeverFitsAndNeverEnters() {
		// 1 unit held + 10 units/s × 3 s, the longest wait
		assertThat(this.queue.largestRequest()).isEqualTo(31);

		submit("largest", STANDARD, 31);
		submit("too large", PREALLOCATED, 32);

		assertThat(this.done).containsExactly("largest ADMITTED@0", "too large NEVER_FITS@0");
		assertThat(this.queue.length()).isZero();
		assertThat(this.local.availableUnits()).isEqualTo(-30);
	}

	@Test
	void aCostPastBucket4jsReservationLimitNeverFitsAndLeavesTheGateAsItWas() {
		// the issue's reproducer: 2·10^10 units on a gate of 1,000 units/s
		LocalCapacityGate thousand = new LocalCapacityGate(1000, Duration.ofSeconds(1), this.time);
		PriorityAdmissionQueue queue = new PriorityAdmissionQueue("db", thousand,
				new QueueSettings(10, Duration.ofSeconds(3), Duration.ofSeconds(1)), this.clock, this.registry);
		List<GateResult> results = new ArrayList<>();

		queue.acquire(STANDARD, 20_000_000_000L).subscribe(results::add);
		queue.acquire(PREALLOCATED, 1).subscribe(results::add);

		assertThat(results).extracting(GateResult::outcome)
			.containsExactly(GateResult.Outcome.NEVER_FITS, GateResult.Outcome.ADMITTED);
		assertThat(results.get(0).retryAfterSeconds()).isZero();
		assertThat(thousand.availableUnits()).isEqualTo(999);
	}

	/** The virtual scheduler, whose clock can be made to throw once. */
	private static final class ThrowingClock implements Scheduler {

		private final Scheduler scheduler;

		private boolean throwing;

		ThrowingClock(Scheduler scheduler) {
			this.scheduler = scheduler;
		}

		void throwOnNextRead() {
			this.throwing = true;
		}

		@Override
		public long now(TimeUnit unit) {
			if (this.throwing) {
				this.throwing = false;
				throw new IllegalStateException("the clock broke");
			}
			return this.scheduler.now(unit);
		}

		@Override
		public Disposable schedule(Runnable task) {
			return this.scheduler.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			return this.scheduler.schedule(task, delay, unit);
		}

		@Override
		public Worker createWorker() {
			return this.scheduler.createWorker();
		}

	}

	/** A gate whose {@code tryAcquire} can be made to throw. */
	private static final class ThrowingGate implements CapacityGate {

		private final CapacityGate gate;

		private int throwing;

		ThrowingGate(CapacityGate gate) {
			this.gate = gate;
		}

		void throwOnNextAcquire() {
			this.throwing = 1;
		}

		void throwAlways() {
			this.throwing = Integer.MAX_VALUE;
		}

		@Override
		public boolean tryAcquire(long units) {
			if (this.throwing > 0) {
				this.throwing--;
				throw new IllegalStateException("the gate broke");
			}
			return this.gate.tryAcquire(units);
		}

		@Override
		public long nanosUntilAvailable(long units) {
			return this.gate.nanosUntilAvailable(units);
		}

		@Override
		public void release(long units) {
			this.gate.release(units);
		}

		@Override
		public double capacity() {
			return this.gate.capacity();
		}

		@Override
		public long largestRequest(long waitNanos) {
			return this.gate.largestRequest(waitNanos);
		}

	}

}
