package io.github.predictivegateway.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's usage is closed no sooner than the longest queue wait (plus 1 s, real time)
 * after its end, so that a request refused at the gate after its step ended is still
 * counted in it as not admitted. Defaults: close-delay 2 s, max-wait 3 s pre-allocated
 * and 1 s standard.
 */
class UsageCloseDelayTests {

	private final PredictiveProperties properties = new PredictiveProperties();

	private final PredictiveLoopProperties loop = new PredictiveLoopProperties();

	@Test
	void byDefaultTheLongestQueueWaitPlusOneSecondOutlastsTheConfiguredDelay() {
		assertThat(UsageCloseDelay.of(this.properties, this.loop)).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void inCompressedTimeTheRealTimeQueueWaitIsScaledToEngineTime() {
		this.properties.getQueue().getMaxWait().setPreallocated(Duration.ofMillis(250));
		this.properties.getQueue().getMaxWait().setStandard(Duration.ofMillis(500));
		this.loop.setTimeScale(30);

		// (500 ms + 1 s) x 30
		assertThat(UsageCloseDelay.of(this.properties, this.loop)).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void aLongerConfiguredDelayIsKept() {
		this.loop.getUsage().setCloseDelay(Duration.ofSeconds(10));

		assertThat(UsageCloseDelay.of(this.properties, this.loop)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void withoutTheGateNothingWaitsAndTheConfiguredDelayIsUsed() {
		this.properties.getGate().setEnabled(false);

		assertThat(UsageCloseDelay.of(this.properties, this.loop)).isEqualTo(Duration.ofSeconds(2));
	}

}
