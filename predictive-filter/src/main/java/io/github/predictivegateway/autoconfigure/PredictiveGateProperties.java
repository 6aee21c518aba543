package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import io.github.predictivegateway.gate.LocalCapacityGate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The capacity gates, one per resource type, at the units per second declared in
 * capacity.
 */
@ConfigurationProperties(PredictiveGateProperties.PREFIX)
@Validated
public class PredictiveGateProperties implements Validator {

	public static final String PREFIX = "predictive.gate";

	/**
	 * Whether requests the tenant stage admitted also take their cost from the resource
	 * type's capacity gate (and wait in the admission queue when it is full). Off: only
	 * the tenant stage limits.
	 */
	private boolean enabled = true;

	/**
	 * How much capacity a gate lets through at once, as a time: it holds capacity x burst
	 * units (at least 1), so in any t seconds it admits at most capacity x (t + burst)
	 * units. Smaller smooths more.
	 */
	@NotNull
	private Duration burst = Duration.ofMillis(100);

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveGateProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveGateProperties properties = (PredictiveGateProperties) target;
		if (properties.getBurst() != null) {
			new PropertyRules(errors, PREFIX).check("", () -> LocalCapacityGate.requireBurst(properties.getBurst()));
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getBurst() {
		return this.burst;
	}

	public void setBurst(Duration burst) {
		this.burst = burst;
	}

}
