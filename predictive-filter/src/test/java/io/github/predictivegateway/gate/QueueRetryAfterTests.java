package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.predictivegateway.time.TimeSource;

import static io.github.predictivegateway.gate.PriorityClass.PREALLOCATED;
import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Retry-After} of the queue's refusals, in virtual time:
 * {@code max(1, ⌈units still queued / capacity⌉)} seconds, the time the gate takes to let
 * through what waits ahead of a retry. A gate of 10 units/s holding 10 (1 s of capacity)
 * and requests of 10 units make every figure a whole number of seconds.
 */
class QueueRetryAfterTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final TimeSource time = () -> this.clock.now(TimeUnit.NANOSECONDS);

	private final LocalCapacityGate gate = new LocalCapacityGate(10, Duration.ofSeconds(1), this.time);

	private final List<String> done = new ArrayList<>();

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	private PriorityAdmissionQueue queue(int maxLength, Duration standardWait) {
		return new PriorityAdmissionQueue("db", this.gate,
				new QueueSettings(maxLength, Duration.ofSeconds(30), standardWait), this.clock,
				new SimpleMeterRegistry());
	}

	private void submit(PriorityAdmissionQueue queue, String name, PriorityClass priority, long cost) {
		queue.acquire(priority, cost)
			.subscribe(result -> this.done.add(name + " " + result.outcome() + " retry " + result.retryAfterSeconds()
					+ " s @" + this.clock.now(TimeUnit.MILLISECONDS)));
	}

	@Test
	void aRequestFindingTheQueueFullIsToldTheSecondsTheQueuedUnitsTakeAtCapacity() {
		PriorityAdmissionQueue queue = queue(3, Duration.ofSeconds(30));
		submit(queue, "now", STANDARD, 10);
		submit(queue, "s1", STANDARD, 10);
		submit(queue, "s2", STANDARD, 10);
		submit(queue, "s3", STANDARD, 5);

		submit(queue, "full", STANDARD, 1);

		assertThat(this.done).containsExactly("now ADMITTED retry 0 s @0", "full QUEUE_FULL retry 3 s @0");
		assertThat(queue.queuedUnits()).isEqualTo(25);
	}

	@Test
	void aRequestTimedOutIsToldTheSecondsTheUnitsStillQueuedTakeAtCapacity() {
		PriorityAdmissionQueue queue = queue(10, Duration.ofMillis(500));
		submit(queue, "now", STANDARD, 10);
		submit(queue, "p1", PREALLOCATED, 10);
		submit(queue, "p2", PREALLOCATED, 10);
		submit(queue, "s1", STANDARD, 10);
		submit(queue, "p3", PREALLOCATED, 1);

		this.clock.advanceTimeBy(Duration.ofMillis(500));

		// s1 leaves at its maximum wait, p1 has not had its 10 units yet: 21 units still
		// wait ahead, 2.1 s
		assertThat(this.done).containsExactly("now ADMITTED retry 0 s @0", "s1 TIMED_OUT retry 3 s @500");
	}

	@Test
	void aStandardRequestDisplacedByAPreallocatedOneIsToldTheSecondsOfWhatStillWaits() {
		PriorityAdmissionQueue queue = queue(3, Duration.ofSeconds(30));
		submit(queue, "now", STANDARD, 10);
		submit(queue, "p1", PREALLOCATED, 10);
		submit(queue, "p2", PREALLOCATED, 10);
		submit(queue, "s1", STANDARD, 10);

		submit(queue, "p3", PREALLOCATED, 10);

		// s1's 10 units leave before its answer is made: p1's and p2's 20 remain, 2 s
		assertThat(this.done).containsExactly("now ADMITTED retry 0 s @0", "s1 QUEUE_FULL retry 2 s @0");
		assertThat(queue.queuedUnits()).isEqualTo(30);
	}

	@Test
	void aRefusalWithNothingQueuedIsToldOneSecondAtLeast() {
		PriorityAdmissionQueue queue = queue(0, Duration.ofSeconds(30));
		submit(queue, "now", STANDARD, 10);

		submit(queue, "s1", STANDARD, 1);

		assertThat(this.done).containsExactly("now ADMITTED retry 0 s @0", "s1 QUEUE_FULL retry 1 s @0");
	}

	@Test
	void aRequestArrivingAfterCloseIsToldTheSecondsOfWhatStillWaits() {
		PriorityAdmissionQueue queue = queue(10, Duration.ofSeconds(30));
		submit(queue, "now", STANDARD, 10);
		submit(queue, "s1", STANDARD, 10);
		submit(queue, "s2", STANDARD, 10);
		queue.close(Duration.ofSeconds(5));

		submit(queue, "late", STANDARD, 1);

		assertThat(this.done).containsExactly("now ADMITTED retry 0 s @0", "late CLOSED retry 2 s @0");
	}

}
