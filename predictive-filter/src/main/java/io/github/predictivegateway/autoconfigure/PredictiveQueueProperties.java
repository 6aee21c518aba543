package io.github.predictivegateway.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import io.github.predictivegateway.gate.QueueSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the admission queue of each resource type.
 *
 * @param maxLength Most requests waiting for one resource type's gate at once, all
 * classes together; 0: nobody waits.
 * @param maxWait Longest a request of each class waits for room at the gate before it is
 * answered 503.
 * @param drainTimeout On shutdown, how long requests already waiting may still be
 * admitted as the gate makes room; those still waiting then are answered 503 with
 * Retry-After. Keep it below spring.lifecycle.timeout-per-shutdown-phase.
 */
@ConfigurationProperties(PredictiveQueueProperties.PREFIX)
@Validated
public record PredictiveQueueProperties(@Min(0) @DefaultValue("1000") int maxLength,
		@Valid @DefaultValue MaxWait maxWait,
		@NotNull @DefaultValue("5s") Duration drainTimeout) implements ValidatedProperties {

	public static final String PREFIX = "predictive.queue";

	@Override
	public void check(PropertyRules rules) {
		MaxWait maxWait = this.maxWait();
		if (this.maxLength() >= 0 && maxWait.preallocated() != null && maxWait.standard() != null) {
			rules.check("", this::toSettings);
		}
		Duration drain = this.drainTimeout();
		if (drain != null && drain.isNegative()) {
			rules.reject("drain-timeout", rules.path("drain-timeout") + " is " + drain
					+ "; it must be 0 (answer every waiting request at once on shutdown) or more");
		}
	}

	/** The queue's bounds as the engine takes them. */
	public QueueSettings toSettings() {
		return new QueueSettings(this.maxLength, this.maxWait.preallocated(), this.maxWait.standard());
	}

	/**
	 * Maximum wait in the admission queue, per class.
	 *
	 * @param preallocated Longest a request served from a pre-allocation waits; 0: it
	 * never waits.
	 * @param standard Longest a request served from a standard bucket waits; 0: it never
	 * waits.
	 */
	public record MaxWait(@NotNull @DefaultValue("3s") Duration preallocated,
			@NotNull @DefaultValue("1s") Duration standard) {
	}

}
