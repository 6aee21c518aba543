package io.github.predictivegateway.gate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity gate's contract for the gate in this instance's memory, which holds the
 * whole capacity and so answers every question at once, with nothing to settle.
 */
class LocalCapacityGateContractTests extends CapacityGateContractTests {

	@Override
	protected CapacityGate gate(double capacity, Duration burst) {
		return new LocalCapacityGate(capacity, burst, this.time);
	}

	@Test
	void aGateWithRoomTakesTheUnitsAtTheFirstAsking() {
		assertThat(gate(100, Duration.ofMillis(100)).tryAcquire(3)).isTrue();
	}

	@Test
	void aGateWithRoomSaysSoAtTheFirstAsking() {
		assertThat(gate(100, Duration.ofMillis(100)).nanosUntilAvailable(3)).isZero();
	}

}
