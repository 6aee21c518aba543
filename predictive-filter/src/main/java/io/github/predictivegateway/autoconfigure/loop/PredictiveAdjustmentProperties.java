package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dynamic adjustment of pre-allocations: desired = upper x m, m within [min, max].
 *
 * @param enabled Whether the multiplier m moves at all; false keeps m = 1.
 * @param min Lowest multiplier, in (0, 1].
 * @param max Highest multiplier, at least 1.
 * @param up Factor m is multiplied by when demand stays above the forecast's upper bound;
 * above 1.
 * @param down Factor m is multiplied by when demand stays below the forecast's lower
 * bound; in (0, 1).
 * @param consecutiveSteps Steps in a row demand must stay outside the interval before m
 * moves.
 */
@ConfigurationProperties(PredictiveAdjustmentProperties.PREFIX)
@Validated
public record PredictiveAdjustmentProperties(@DefaultValue("true") boolean enabled,
		@DecimalMin(value = "0.0", inclusive = false) @DefaultValue("0.5") double min,
		@DecimalMin("1.0") @DefaultValue("3.0") double max,
		@DecimalMin(value = "1.0", inclusive = false) @DefaultValue("1.25") double up,
		@DecimalMin(value = "0.0", inclusive = false) @DefaultValue("0.8") double down,
		@Min(1) @DefaultValue("3") int consecutiveSteps) implements ValidatedProperties {

	public static final String PREFIX = "predictive.adjustment";

	@Override
	public void check(PropertyRules rules) {
		rules.check("", () -> new AdjustmentMultipliers(this.min(), this.max(), this.up(), this.down(),
				this.consecutiveSteps()));
	}

	/** The adjustment as the engine takes it: none ({@code m = 1}) when disabled. */
	public AdjustmentMultipliers toMultipliers() {
		return toMultipliers(AdjustmentMultipliers.DEFAULT_MAX_SERIES);
	}

	/**
	 * The adjustment as the engine takes it, holding at most {@code maxSeries} series:
	 * none ({@code m = 1}) when disabled.
	 */
	public AdjustmentMultipliers toMultipliers(long maxSeries) {
		if (!this.enabled) {
			return AdjustmentMultipliers.none();
		}
		return new AdjustmentMultipliers(this.min, this.max, this.up, this.down, this.consecutiveSteps, maxSeries);
	}

}
