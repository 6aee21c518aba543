package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.gate.QueueSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's usage is closed no sooner than the longest queue wait (plus 1 s, real time)
 * after its end, so that a request refused at the gate after its step ended is still
 * counted in it as not admitted. Defaults: close-delay 2 s, max-wait 3 s pre-allocated
 * and 1 s standard.
 */
class UsageCloseDelayTests {

	/** predictive.usage.close-delay by default. */
	private static final Duration CLOSE_DELAY = Duration.ofSeconds(2);

	@Test
	void byDefaultTheLongestQueueWaitPlusOneSecondOutlastsTheConfiguredDelay() {
		assertThat(UsageCloseDelay.of(CLOSE_DELAY, 1, QueueSettings.defaults())).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void inCompressedTimeTheRealTimeQueueWaitIsScaledToEngineTime() {
		QueueSettings queue = new QueueSettings(1000, Duration.ofMillis(250), Duration.ofMillis(500));

		// (500 ms + 1 s) x 30
		assertThat(UsageCloseDelay.of(CLOSE_DELAY, 30, queue)).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void aLongerConfiguredDelayIsKept() {
		assertThat(UsageCloseDelay.of(Duration.ofSeconds(10), 1, QueueSettings.defaults()))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void withoutTheGateNothingWaitsAndTheConfiguredDelayIsUsed() {
		assertThat(UsageCloseDelay.of(CLOSE_DELAY, 1, null)).isEqualTo(Duration.ofSeconds(2));
	}

}
