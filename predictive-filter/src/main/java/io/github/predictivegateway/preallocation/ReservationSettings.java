package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.util.Objects;

/**
 * How the pre-allocation cycle turns forecasts into reservations.
 *
 * @param ledger decides each tenant's grant within the reservable share of capacity
 * @param reservableFraction share of each resource type's capacity that may be reserved
 * ahead, within [0, 1]
 * @param lead how long before a step its reservations are prepared (capped at half a
 * step)
 * @param adjustment the per-series adjustment multipliers applied to the forecasts' upper
 * bounds
 * @param shadowBuckets makes the shadow bucket of each grant (distributed mode: buckets
 * that lease)
 */
public record ReservationSettings(ReservationLedger ledger, double reservableFraction, Duration lead,
		AdjustmentMultipliers adjustment, ShadowBucketFactory shadowBuckets) {

	public ReservationSettings {
		Objects.requireNonNull(ledger, "ledger");
		Objects.requireNonNull(adjustment, "adjustment");
		Objects.requireNonNull(shadowBuckets, "shadowBuckets");
		if (!(reservableFraction >= 0 && reservableFraction <= 1)) {
			throw new IllegalArgumentException(
					"reservable-fraction is " + reservableFraction + "; it must be within [0, 1]");
		}
		if (lead == null || lead.isNegative()) {
			throw new IllegalArgumentException("preallocation-lead is " + lead + "; it must not be negative");
		}
	}

	/**
	 * Max-min fair grants in this instance's memory, 80 % of capacity reservable, 5 s
	 * lead, no adjustment.
	 */
	public static ReservationSettings defaults() {
		return new ReservationSettings(new MaxMinFairLedger(), 0.8, Duration.ofSeconds(5), AdjustmentMultipliers.none(),
				ShadowBucketFactory.LOCAL);
	}

}
