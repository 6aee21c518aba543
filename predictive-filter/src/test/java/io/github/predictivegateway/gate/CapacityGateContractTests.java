package io.github.predictivegateway.gate;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link CapacityGate} does, wherever it lives, in the manner of Bucket4j's
 * TCK: a subclass only says how to make a gate ({@link #gate(double, Duration)}) on
 * {@link #time}, a manual clock, and, for a gate that works in the background, how to let
 * that work finish ({@link #settle}). Besides the interface, the gate's size as both
 * implementations document it: {@code max(1, ceil(capacity × burst))} units, and a
 * request larger than that passing once the gate is full and repaying the excess.
 *
 * <p>
 * The gate below lets 100 units/s through, with a burst of 100 ms: it holds 10 units.
 * While the clock stands still, nothing refills.
 */
public abstract class CapacityGateContractTests {

	protected final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	/**
	 * A new gate of {@code capacity} units per second and that burst, on {@link #time},
	 * the only one of its resource type.
	 */
	protected abstract CapacityGate gate(double capacity, Duration burst);

	/**
	 * Lets what {@code gate} started in the background finish (a leased gate's lease); a
	 * gate that answers from its own state at once has nothing to finish.
	 */
	protected void settle(CapacityGate gate) {
	}

	private CapacityGate gate() {
		return gate(100, Duration.ofMillis(100));
	}

	/**
	 * Takes {@code units} if the gate has room: tries, and if refused, lets the gate
	 * finish what the refusal started and tries once more.
	 */
	protected final boolean acquire(CapacityGate gate, long units) {
		if (gate.tryAcquire(units)) {
			return true;
		}
		settle(gate);
		return gate.tryAcquire(units);
	}

	/** Takes {@code units} at a time until refused; returns the units taken. */
	protected final long acquireUntilRefused(CapacityGate gate, long units) {
		long taken = 0;
		while (acquire(gate, units)) {
			taken += units;
		}
		return taken;
	}

	/**
	 * The gate's wait for {@code units}, asked once more after letting it finish what the
	 * first question started, and what the second started too: a question still being
	 * answered when the test moves the clock would be answered at the old time.
	 */
	protected final long nanosUntilAvailable(CapacityGate gate, long units) {
		if (gate.nanosUntilAvailable(units) == 0) {
			return 0;
		}
		settle(gate);
		long wait = gate.nanosUntilAvailable(units);
		settle(gate);
		return wait;
	}

	@Test
	void theCapacityIsTheUnitsPerSecondItWasMadeFor() {
		assertThat(gate().capacity()).isEqualTo(100.0);
	}

	@Test
	protected void aGateWithRoomTakesTheUnits() {
		CapacityGate gate = gate();

		assertThat(acquire(gate, 3)).isTrue();
	}

	@Test
	protected void aGateWithRoomHasNoWait() {
		CapacityGate gate = gate();

		assertThat(nanosUntilAvailable(gate, 3)).isZero();
	}

	@Test
	void withTheClockStillTheGateLetsThroughWhatItHoldsAndNoMore() {
		CapacityGate gate = gate();

		assertThat(acquireUntilRefused(gate, 1)).isEqualTo(10);
	}

	@Test
	void aRefusedRequestTakesNothing() {
		CapacityGate gate = gate();
		assertThat(acquire(gate, 8)).isTrue();

		assertThat(acquire(gate, 3)).isFalse();

		assertThat(acquire(gate, 2)).isTrue();
		assertThat(acquire(gate, 1)).isFalse();
	}

	@Test
	void theGateRefillsAtItsCapacity() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);

		this.time.advance(Duration.ofMillis(50));

		assertThat(acquireUntilRefused(gate, 1)).as("50 ms at 100 units/s").isEqualTo(5);
	}

	@Test
	void theGateNeverHoldsMoreThanItsSize() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);

		this.time.advance(Duration.ofSeconds(5));

		assertThat(acquireUntilRefused(gate, 1)).isEqualTo(10);
	}

	@Test
	void aGateSmallerThanOneUnitHoldsOne() {
		CapacityGate gate = gate(2, Duration.ofMillis(100));

		assertThat(acquireUntilRefused(gate, 1)).as("2 units/s x 100 ms, at least 1").isEqualTo(1);
	}

	@Test
	void anEmptyGateWaitsForTheUnitsToRefill() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);

		assertThat(nanosUntilAvailable(gate, 2)).as("2 units at 100 units/s")
			.isEqualTo(Duration.ofMillis(20).toNanos());
	}

	@Test
	void aPartlyRefilledGateWaitsOnlyForTheMissingUnits() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);
		this.time.advance(Duration.ofMillis(10));

		assertThat(nanosUntilAvailable(gate, 2)).as("1 unit refilled, 1 missing")
			.isEqualTo(Duration.ofMillis(10).toNanos());
	}

	@Test
	void afterTheWaitItToldTheUnitsAreTaken() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);
		this.time.advance(Duration.ofMillis(10));

		this.time.advance(Duration.ofNanos(nanosUntilAvailable(gate, 3)));

		assertThat(acquire(gate, 3)).isTrue();
		assertThat(acquire(gate, 1)).isFalse();
	}

	@Test
	void releasedUnitsCanBeTakenAgain() {
		CapacityGate gate = gate();
		acquireUntilRefused(gate, 1);

		gate.release(2);

		assertThat(acquireUntilRefused(gate, 1)).isEqualTo(2);
	}

	@Test
	void aRequestLargerThanTheGatePassesOnceTheGateIsFullAndRepaysTheExcess() {
		CapacityGate gate = gate();
		assertThat(acquire(gate, 1)).isTrue();
		assertThat(acquire(gate, 25)).as("9 of 10 units held: not full").isFalse();

		this.time.advance(Duration.ofMillis(10));
		assertThat(acquire(gate, 25)).as("full").isTrue();

		assertThat(acquireUntilRefused(gate, 1)).as("15 units owed").isZero();
		this.time.advance(Duration.ofMillis(150));
		assertThat(acquireUntilRefused(gate, 1)).as("repaid, nothing more").isZero();
		this.time.advance(Duration.ofMillis(10));
		assertThat(acquireUntilRefused(gate, 1)).isEqualTo(1);
	}

}
