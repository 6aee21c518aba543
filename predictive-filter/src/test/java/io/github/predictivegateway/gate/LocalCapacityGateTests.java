package io.github.predictivegateway.gate;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalCapacityGateTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	@Test
	void theGateHoldsCapacityTimesBurstAndRefillsAtTheCapacity() {
		LocalCapacityGate gate = new LocalCapacityGate(20, Duration.ofMillis(250), this.time);

		assertThat(gate.size()).isEqualTo(5);
		assertThat(gate.tryAcquire(5)).isTrue();
		assertThat(gate.tryAcquire(1)).isFalse();
		assertThat(gate.nanosUntilAvailable(2)).isEqualTo(100_000_000L);

		this.time.advance(Duration.ofMillis(100));

		assertThat(gate.tryAcquire(2)).isTrue();
		assertThat(gate.tryAcquire(1)).isFalse();
	}

	@Test
	void aGateHoldsAtLeastOneUnit() {
		assertThat(new LocalCapacityGate(2, Duration.ofMillis(100), this.time).size()).isEqualTo(1);
	}

	@Test
	void aGateWhoseCapacityTimesBurstIsOneButForRoundingHoldsOneUnit() {
		// the replay's gate for C = 11/s: one unit refilled every P = ⌈10⁹ / 11⌉ ns,
		// where
		// (10⁹ / P) × P / 10⁹ is 1.0000000000000002 in doubles
		long period = 90_909_091L;
		LocalCapacityGate gate = new LocalCapacityGate(1e9 / period, Duration.ofNanos(period), this.time);

		assertThat(gate.size()).isEqualTo(1);
	}

	@Test
	void aOneUnitGateLetsNoMoreThanItsCapacityThroughInOneSecond() {
		long period = 90_909_091L;
		LocalCapacityGate gate = new LocalCapacityGate(1e9 / period, Duration.ofNanos(period), this.time);
		int admitted = 0;
		for (int ms = 0; ms < 1000; ms++) {
			if (gate.tryAcquire(1)) {
				admitted++;
			}
			this.time.advance(Duration.ofMillis(1));
		}

		assertThat(admitted).isEqualTo(11);
	}

	@Test
	void aProductJustAboveAWholeNumberOfUnitsStillRoundsUp() {
		assertThat(new LocalCapacityGate(10, Duration.ofMillis(101), this.time).size()).isEqualTo(2);
	}

	@Test
	void aRequestLargerThanTheGatePassesWhenItIsFullAndThenRepaysTheExcess() {
		LocalCapacityGate gate = new LocalCapacityGate(10, Duration.ofSeconds(1), this.time);
		gate.tryAcquire(1);
		assertThat(gate.tryAcquire(25)).isFalse();
		assertThat(gate.nanosUntilAvailable(25)).isEqualTo(100_000_000L);

		this.time.advance(Duration.ofMillis(100));

		assertThat(gate.tryAcquire(25)).isTrue();
		assertThat(gate.availableUnits()).isEqualTo(-15);
		this.time.advance(Duration.ofMillis(1600));
		assertThat(gate.availableUnits()).isEqualTo(1);
	}

	@Test
	void theLargestRequestIsWhatTheGateLetsThroughWithinTheWait() {
		LocalCapacityGate gate = new LocalCapacityGate(10, Duration.ofSeconds(1), this.time);

		assertThat(gate.largestRequest(0)).isEqualTo(10);
		assertThat(gate.largestRequest(Duration.ofMillis(2500).toNanos())).isEqualTo(35);
		// never beyond five minutes of capacity, the longest any request may wait
		assertThat(gate.largestRequest(Long.MAX_VALUE)).isEqualTo(3010);
	}

	@Test
	void aRequestBeyondFiveMinutesOfCapacityIsRefusedEvenWhenTheGateIsFullAndTakesNothing() {
		// past Bucket4j's reservation limit (the 2·10^10 units at 1,000 units/s)
		// as well as just past the gate's own bound
		LocalCapacityGate gate = new LocalCapacityGate(1000, Duration.ofSeconds(1), this.time);

		assertThat(gate.tryAcquire(20_000_000_000L)).isFalse();
		assertThat(gate.tryAcquire(301_001)).isFalse();
		assertThat(gate.availableUnits()).isEqualTo(1000);
		assertThat(gate.tryAcquire(301_000)).isTrue();
		assertThat(gate.availableUnits()).isEqualTo(-300_000);
	}

	@Test
	void aNonPositiveCapacityOrBurstIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LocalCapacityGate(0, Duration.ofSeconds(1), this.time));
		assertThatIllegalArgumentException().isThrownBy(() -> new LocalCapacityGate(5, Duration.ZERO, this.time));
	}

}
