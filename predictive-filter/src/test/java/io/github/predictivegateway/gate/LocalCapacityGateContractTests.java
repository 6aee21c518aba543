package io.github.predictivegateway.gate;

import java.time.Duration;

/** The capacity gate's contract in this instance's memory. */
class LocalCapacityGateContractTests extends CapacityGateContractTests {

	@Override
	protected CapacityGate gate(double capacity, Duration burst) {
		return new LocalCapacityGate(capacity, burst, this.time);
	}

}
