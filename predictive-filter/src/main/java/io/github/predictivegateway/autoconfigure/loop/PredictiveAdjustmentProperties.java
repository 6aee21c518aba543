package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Dynamic adjustment of pre-allocations: desired = upper x m, m within [min, max].
 */
@ConfigurationProperties(PredictiveAdjustmentProperties.PREFIX)
@Validated
public class PredictiveAdjustmentProperties implements Validator {

	public static final String PREFIX = "predictive.adjustment";

	/** Whether the multiplier m moves at all; false keeps m = 1. */
	private boolean enabled = true;

	/** Lowest multiplier, in (0, 1]. */
	@DecimalMin(value = "0.0", inclusive = false)
	private double min = 0.5;

	/** Highest multiplier, at least 1. */
	@DecimalMin("1.0")
	private double max = 3.0;

	/**
	 * Factor m is multiplied by when demand stays above the forecast's upper bound; above
	 * 1.
	 */
	@DecimalMin(value = "1.0", inclusive = false)
	private double up = 1.25;

	/**
	 * Factor m is multiplied by when demand stays below the forecast's lower bound; in
	 * (0, 1).
	 */
	@DecimalMin(value = "0.0", inclusive = false)
	private double down = 0.8;

	/** Steps in a row demand must stay outside the interval before m moves. */
	@Min(1)
	private int consecutiveSteps = 3;

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveAdjustmentProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveAdjustmentProperties properties = (PredictiveAdjustmentProperties) target;
		new PropertyRules(errors, PREFIX).check("", () -> new AdjustmentMultipliers(properties.getMin(),
				properties.getMax(), properties.getUp(), properties.getDown(), properties.getConsecutiveSteps()));
	}

	/** The adjustment as the engine takes it: none ({@code m = 1}) when disabled. */
	public AdjustmentMultipliers toMultipliers() {
		if (!this.enabled) {
			return AdjustmentMultipliers.none();
		}
		return new AdjustmentMultipliers(this.min, this.max, this.up, this.down, this.consecutiveSteps);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getMin() {
		return this.min;
	}

	public void setMin(double min) {
		this.min = min;
	}

	public double getMax() {
		return this.max;
	}

	public void setMax(double max) {
		this.max = max;
	}

	public double getUp() {
		return this.up;
	}

	public void setUp(double up) {
		this.up = up;
	}

	public double getDown() {
		return this.down;
	}

	public void setDown(double down) {
		this.down = down;
	}

	public int getConsecutiveSteps() {
		return this.consecutiveSteps;
	}

	public void setConsecutiveSteps(int consecutiveSteps) {
		this.consecutiveSteps = consecutiveSteps;
	}

}
