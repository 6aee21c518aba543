package io.github.predictivegateway.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import io.github.predictivegateway.gate.QueueSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the admission queue of each resource type.
 */
@ConfigurationProperties(PredictiveQueueProperties.PREFIX)
@Validated
public class PredictiveQueueProperties implements Validator {

	public static final String PREFIX = "predictive.queue";

	/**
	 * Most requests waiting for one resource type's gate at once, all classes together;
	 * 0: nobody waits.
	 */
	@Min(0)
	private int maxLength = 1000;

	/**
	 * Longest a request of each class waits for room at the gate before it is answered
	 * 503.
	 */
	@Valid
	private final MaxWait maxWait = new MaxWait();

	/**
	 * On shutdown, how long requests already waiting may still be admitted as the gate
	 * makes room; those still waiting then are answered 503 with Retry-After. Keep it
	 * below spring.lifecycle.timeout-per-shutdown-phase.
	 */
	@NotNull
	private Duration drainTimeout = Duration.ofSeconds(5);

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveQueueProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveQueueProperties properties = (PredictiveQueueProperties) target;
		PropertyRules rules = new PropertyRules(errors, PREFIX);
		MaxWait maxWait = properties.getMaxWait();
		if (properties.getMaxLength() >= 0 && maxWait.getPreallocated() != null && maxWait.getStandard() != null) {
			rules.check("", properties::toSettings);
		}
		Duration drain = properties.getDrainTimeout();
		if (drain != null && drain.isNegative()) {
			rules.reject("drain-timeout", rules.path("drain-timeout") + " is " + drain
					+ "; it must be 0 (answer every waiting request at once on shutdown) or more");
		}
	}

	/** The queue's bounds as the engine takes them. */
	public QueueSettings toSettings() {
		return new QueueSettings(this.maxLength, this.maxWait.getPreallocated(), this.maxWait.getStandard());
	}

	public int getMaxLength() {
		return this.maxLength;
	}

	public void setMaxLength(int maxLength) {
		this.maxLength = maxLength;
	}

	public MaxWait getMaxWait() {
		return this.maxWait;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Maximum wait in the admission queue, per class.
	 */
	public static class MaxWait {

		/** Longest a request served from a pre-allocation waits; 0: it never waits. */
		@NotNull
		private Duration preallocated = Duration.ofSeconds(3);

		/** Longest a request served from a standard bucket waits; 0: it never waits. */
		@NotNull
		private Duration standard = Duration.ofSeconds(1);

		public Duration getPreallocated() {
			return this.preallocated;
		}

		public void setPreallocated(Duration preallocated) {
			this.preallocated = preallocated;
		}

		public Duration getStandard() {
			return this.standard;
		}

		public void setStandard(Duration standard) {
			this.standard = standard;
		}

	}

}
