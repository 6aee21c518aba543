package io.github.predictivegateway.gate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The capacities and bursts a gate in memory accepts, at and just past each end of their
 * ranges.
 */
class LocalCapacityGateSettingsTests {

	@Test
	void theHighestCapacityIsAccepted() {
		assertThatNoException().isThrownBy(() -> LocalCapacityGate.requireCapacity(LocalCapacityGate.MAX_CAPACITY));
	}

	@Test
	void aCapacityAboveTheHighestIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalCapacityGate.requireCapacity(1.000001e9))
			.withMessageStartingWith("capacity is 1.000001E9; the capacity gate refills at most 1000000000 units");
	}

	@Test
	void aCapacityThatIsNotANumberIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalCapacityGate.requireCapacity(Double.NaN))
			.withMessage("capacity is NaN; it must be a positive number of units per second");
	}

	@Test
	void theShortestAndTheLongestBurstAreAccepted() {
		assertThatNoException().isThrownBy(() -> LocalCapacityGate.requireBurst(Duration.ofMillis(1)));
		assertThatNoException().isThrownBy(() -> LocalCapacityGate.requireBurst(Duration.ofSeconds(60)));
	}

	@Test
	void aBurstShorterThanAMillisecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalCapacityGate.requireBurst(Duration.ofNanos(999_999)))
			.withMessage("burst is PT0.000999999S; it must be from 1ms to 60s");
	}

	@Test
	void aBurstLongerThanAMinuteIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalCapacityGate.requireBurst(Duration.ofSeconds(60).plusNanos(1)))
			.withMessage("burst is PT1M0.000000001S; it must be from 1ms to 60s");
	}

	@Test
	void aMissingBurstIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalCapacityGate.requireBurst(null))
			.withMessage("burst is null; it must be from 1ms to 60s");
	}

}
