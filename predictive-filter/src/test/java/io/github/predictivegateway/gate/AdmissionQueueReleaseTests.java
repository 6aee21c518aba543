package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.github.predictivegateway.time.TimeSource;

import static io.github.predictivegateway.gate.PriorityClass.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Units an admitted request took and will not use go back to the gate: a gate of 1 unit
 * per second holding 1 unit, time frozen.
 */
class AdmissionQueueReleaseTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final TimeSource time = () -> this.clock.now(TimeUnit.NANOSECONDS);

	private final PriorityAdmissionQueue queue = new PriorityAdmissionQueue("db",
			new LocalCapacityGate(1, Duration.ofSeconds(1), this.time),
			new QueueSettings(5, Duration.ZERO, Duration.ZERO), this.clock, new SimpleMeterRegistry());

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	@Test
	void aReleasedUnitAdmitsTheNextRequestAtOnce() {
		assertThat(this.queue.acquire(STANDARD, 1).block().admitted()).isTrue();

		this.queue.release(1);

		assertThat(this.queue.acquire(STANDARD, 1).block().outcome()).isEqualTo(GateResult.Outcome.ADMITTED);
	}

	@Test
	void withoutTheReleaseTheNextRequestFindsTheGateEmpty() {
		assertThat(this.queue.acquire(STANDARD, 1).block().admitted()).isTrue();

		assertThat(this.queue.acquire(STANDARD, 1).block().admitted()).isFalse();
	}

}
