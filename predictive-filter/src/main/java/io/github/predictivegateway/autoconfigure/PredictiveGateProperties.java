package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import io.github.predictivegateway.gate.LocalCapacityGate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The capacity gates, one per resource type, at the units per second declared in
 * capacity.
 *
 * @param enabled Whether requests the tenant stage admitted also take their cost from the
 * resource type's capacity gate (and wait in the admission queue when it is full). Off:
 * only the tenant stage limits.
 * @param burst How much capacity a gate lets through at once, as a time: it holds
 * capacity x burst units (at least 1), so in any t seconds it admits at most capacity x
 * (t + burst) units. Smaller smooths more.
 */
@ConfigurationProperties(PredictiveGateProperties.PREFIX)
@Validated
public record PredictiveGateProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("100ms") Duration burst) implements ValidatedProperties {
	public static final String PREFIX = "predictive.gate";

	@Override
	public void check(PropertyRules rules) {
		if (this.burst() != null) {
			rules.check("", () -> LocalCapacityGate.requireBurst(this.burst()));
		}
	}

}
