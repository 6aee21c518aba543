package io.github.predictivegateway.preallocation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a reservation is prepared with, and what a tenant asks the ledger: at their edges.
 */
class ReservationSettingsTests {

	private static ReservationSettings withFraction(double fraction) {
		return new ReservationSettings(new MaxMinFairLedger(), fraction, Duration.ofSeconds(5),
				AdjustmentMultipliers.none(), ShadowBucketFactory.LOCAL);
	}

	private static ReservationSettings withLead(Duration lead) {
		return new ReservationSettings(new MaxMinFairLedger(), 0.8, lead, AdjustmentMultipliers.none(),
				ShadowBucketFactory.LOCAL);
	}

	@Test
	void aReservableFractionFromZeroToOneIsAccepted() {
		assertThat(withFraction(0).reservableFraction()).isZero();
		assertThat(withFraction(1).reservableFraction()).isEqualTo(1);
	}

	@Test
	void aReservableFractionOutsideZeroToOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> withFraction(-0.01))
			.withMessage("reservable-fraction is -0.01; it must be within [0, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> withFraction(1.01))
			.withMessage("reservable-fraction is 1.01; it must be within [0, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> withFraction(Double.NaN))
			.withMessage("reservable-fraction is NaN; it must be within [0, 1]");
	}

	@Test
	void aLeadOfZeroIsAcceptedAndANegativeOrMissingOneRefused() {
		assertThat(withLead(Duration.ZERO).lead()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> withLead(Duration.ofNanos(-1)))
			.withMessage("preallocation-lead is PT-0.000000001S; it must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> withLead(null))
			.withMessage("preallocation-lead is null; it must not be negative");
	}

	@Test
	void aRequestOfZeroUnitsIsAcceptedAndANegativeOneRefused() {
		assertThat(new ReservationRequest("acme", 0, 1).desired()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationRequest("acme", -1, 1))
			.withMessage("desired reservation cannot be negative, got -1");
	}

	@Test
	void aRequestsWeightMustBePositiveAndFinite() {
		assertThat(new ReservationRequest("acme", 1, Double.MIN_VALUE).weight()).isEqualTo(Double.MIN_VALUE);
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationRequest("acme", 1, 0))
			.withMessage("weight must be positive, got 0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationRequest("acme", 1, Double.NaN))
			.withMessage("weight must be positive, got NaN");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReservationRequest("acme", 1, Double.POSITIVE_INFINITY))
			.withMessage("weight must be positive, got Infinity");
	}

}
