package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one pending wake-up of a drain loop, in virtual time: the milliseconds at which the
 * drain ran.
 */
class DrainWakeUpTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final List<Long> drained = new ArrayList<>();

	private final DrainWakeUp wakeUp = new DrainWakeUp(this.clock,
			() -> this.drained.add(this.clock.now(TimeUnit.MILLISECONDS)));

	@AfterEach
	void stopClock() {
		this.clock.dispose();
	}

	private void by(long millis) {
		this.wakeUp.by(TimeUnit.MILLISECONDS.toNanos(millis), this.clock.now(TimeUnit.NANOSECONDS));
	}

	private void advance(long millis) {
		this.clock.advanceTimeBy(Duration.ofMillis(millis));
	}

	@Test
	void anEarlierNeedReplacesALaterOne() {
		by(200);
		by(100);

		advance(1000);

		assertThat(this.drained).containsExactly(100L);
	}

	@Test
	void aLaterNeedLeavesTheEarlierOneInPlace() {
		by(100);
		by(200);

		advance(1000);

		assertThat(this.drained).containsExactly(100L);
	}

	@Test
	void aCancelledWakeUpNeverRuns() {
		by(100);

		this.wakeUp.cancel();
		advance(1000);

		assertThat(this.drained).isEmpty();
	}

	@Test
	void cancellingWithNothingPendingLeavesTheNextNeedToBeMet() {
		this.wakeUp.cancel();

		by(100);
		advance(1000);

		assertThat(this.drained).containsExactly(100L);
	}

	@Test
	void onceAWakeUpRanALaterNeedIsMetAgain() {
		by(100);
		advance(100);

		by(150);
		advance(1000);

		assertThat(this.drained).containsExactly(100L, 150L);
	}

}
