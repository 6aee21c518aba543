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

import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that arrives on another thread while the drain loop runs, after the loop read
 * its clock, and is admitted in that same loop: its wait is 0, not the negative
 * difference between the loop's older reading and its arrival (which Micrometer would
 * drop with a warning). Played in virtual time: the gate opens 100 ms after the first
 * request, and while it grants that one, a second request arrives 5 ms later by the
 * queue's clock.
 */
class LateArrivalWaitTests {

	private final VirtualTimeScheduler virtual = VirtualTimeScheduler.create();

	private long clockOffsetNanos;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<GateResult> results = new ArrayList<>();

	private PriorityAdmissionQueue queue;

	@AfterEach
	void stopClock() {
		this.virtual.dispose();
	}

	@Test
	void aRequestAdmittedInTheDrainLoopThatSawItArriveHasWaitedZero() {
		Scheduler clock = new OffsetScheduler();
		CapacityGate gate = new OpensAfter(Duration.ofMillis(100), () -> {
			this.clockOffsetNanos = TimeUnit.MILLISECONDS.toNanos(5);
			submit();
		});
		this.queue = new PriorityAdmissionQueue("db", gate,
				new QueueSettings(10, Duration.ofSeconds(3), Duration.ofSeconds(1)), clock, this.registry);

		submit();
		this.virtual.advanceTimeBy(Duration.ofMillis(100));

		assertThat(this.results).extracting(GateResult::outcome, GateResult::waitedNanos)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(GateResult.Outcome.ADMITTED, 100_000_000L),
					org.assertj.core.groups.Tuple.tuple(GateResult.Outcome.ADMITTED, 0L));
		assertThat(this.registry.get(PredictiveMetricNames.QUEUE_WAIT).timers())
			.allSatisfy(timer -> assertThat(timer.max(TimeUnit.NANOSECONDS)).isLessThanOrEqualTo(100_000_000));
		assertThat(
				this.registry.get(PredictiveMetricNames.QUEUE_WAIT).timers().stream().mapToLong(t -> t.count()).sum())
			.isEqualTo(2);
	}

	private Disposable submit() {
		return this.queue.acquire(STANDARD, 1).subscribe(this.results::add);
	}

	/**
	 * A gate closed until {@code opensAfter}, then always open; the first grant runs
	 * {@code onFirstGrant}.
	 */
	private final class OpensAfter implements CapacityGate {

		private final long opensAt;

		private Runnable onFirstGrant;

		OpensAfter(Duration opensAfter, Runnable onFirstGrant) {
			this.opensAt = opensAfter.toNanos();
			this.onFirstGrant = onFirstGrant;
		}

		@Override
		public boolean tryAcquire(long units) {
			if (LateArrivalWaitTests.this.virtual.now(TimeUnit.NANOSECONDS) < this.opensAt) {
				return false;
			}
			Runnable first = this.onFirstGrant;
			this.onFirstGrant = null;
			if (first != null) {
				first.run();
			}
			return true;
		}

		@Override
		public long nanosUntilAvailable(long units) {
			return Math.max(0, this.opensAt - LateArrivalWaitTests.this.virtual.now(TimeUnit.NANOSECONDS));
		}

		@Override
		public void release(long units) {
		}

		@Override
		public double capacity() {
			return 10;
		}

	}

	/** The virtual scheduler, whose clock reads {@code clockOffsetNanos} ahead. */
	private final class OffsetScheduler implements Scheduler {

		@Override
		public long now(TimeUnit unit) {
			return unit.convert(LateArrivalWaitTests.this.virtual.now(TimeUnit.NANOSECONDS)
					+ LateArrivalWaitTests.this.clockOffsetNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public Disposable schedule(Runnable task) {
			return LateArrivalWaitTests.this.virtual.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			return LateArrivalWaitTests.this.virtual.schedule(task, delay, unit);
		}

		@Override
		public Worker createWorker() {
			return LateArrivalWaitTests.this.virtual.createWorker();
		}

	}

}
