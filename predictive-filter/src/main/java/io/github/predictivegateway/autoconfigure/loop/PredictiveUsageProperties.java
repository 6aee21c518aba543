package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Usage feedback: per step, per tenant and resource type, what was offered, admitted and
 * throttled.
 */
@ConfigurationProperties(PredictiveUsageProperties.PREFIX)
@Validated
public class PredictiveUsageProperties implements Validator {

	public static final String PREFIX = "predictive.usage";

	/**
	 * This gateway instance's id in usage records. Unset: host name plus a random suffix.
	 */
	private @Nullable String instanceId;

	/**
	 * Where usage records go: sidecar (POST /v1/usage to forecast.sidecar-url), redis
	 * (the usage stream, read by every sidecar with sidecar.usage.source=redis; needs
	 * store=redis), or auto: redis when store=redis and a sidecar-url is set, else the
	 * sidecar, else the embedded forecaster.
	 */
	@NotNull
	private String sink = "auto";

	/**
	 * Most records waiting to be published; beyond it the oldest are dropped (and
	 * counted).
	 */
	@Min(1)
	private int bufferCapacity = 100_000;

	/** Most records in one published batch (the sidecar takes at most 10000). */
	@Min(1)
	private int maxBatch = 1_000;

	/**
	 * Most tenants counted in one step; requests of further tenants are only counted as
	 * overflow.
	 */
	@Min(1)
	private int maxTenantsPerStep = 100_000;

	/**
	 * How long after a step's end it is closed and published (engine time, at most a
	 * quarter step).
	 */
	@NotNull
	private Duration closeDelay = Duration.ofSeconds(2);

	/**
	 * First wait before publishing again after a failure (real time); doubles per
	 * failure, with jitter.
	 */
	@NotNull
	private Duration minBackoff = Duration.ofSeconds(1);

	/** Longest wait between publishing attempts (real time). */
	@NotNull
	private Duration maxBackoff = Duration.ofMinutes(1);

	/** Time limit of one publish to the sidecar (real time). */
	@NotNull
	private Duration publishTimeout = Duration.ofSeconds(5);

	/**
	 * On shutdown, how long publishing the last, unfinished step's usage (and anything
	 * still buffered) may take (real time). Keep it below
	 * spring.lifecycle.timeout-per-shutdown-phase.
	 */
	@NotNull
	private Duration finalFlushTimeout = Duration.ofSeconds(5);

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveUsageProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveUsageProperties usage = (PredictiveUsageProperties) target;
		PropertyRules rules = new PropertyRules(errors, PREFIX);
		if (usage.getMaxBatch() > SIDECAR_MAX_BATCH) {
			rules.reject("max-batch", rules.path("max-batch") + " is " + usage.getMaxBatch()
					+ "; the sidecar takes at most " + SIDECAR_MAX_BATCH + " records per batch");
		}
		if (usage.getInstanceId() != null && usage.getInstanceId().isBlank()) {
			rules.reject("instance-id", rules.path("instance-id") + " is blank; leave it unset for a generated one");
		}
		if (usage.getSink() != null && !UsageSinkChoice.NAMES.contains(usage.getSink())) {
			rules.reject("sink", rules.path("sink") + " is '" + usage.getSink() + "'; it must be one of "
					+ String.join(", ", UsageSinkChoice.NAMES));
		}
		rules.notNegative("close-delay", usage.getCloseDelay());
		rules.positive("min-backoff", usage.getMinBackoff());
		rules.positive("max-backoff", usage.getMaxBackoff());
		rules.positive("publish-timeout", usage.getPublishTimeout());
		rules.notNegative("final-flush-timeout", usage.getFinalFlushTimeout());
		if (usage.getMinBackoff() != null && usage.getMaxBackoff() != null
				&& usage.getMaxBackoff().compareTo(usage.getMinBackoff()) < 0) {
			rules.reject("max-backoff", rules.path("max-backoff") + " is " + usage.getMaxBackoff() + ", below "
					+ rules.path("min-backoff") + " " + usage.getMinBackoff());
		}
	}

	/** The sidecar takes at most this many records per usage batch. */
	static final int SIDECAR_MAX_BATCH = 10_000;

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public String getSink() {
		return this.sink;
	}

	public void setSink(String sink) {
		this.sink = sink;
	}

	public int getBufferCapacity() {
		return this.bufferCapacity;
	}

	public void setBufferCapacity(int bufferCapacity) {
		this.bufferCapacity = bufferCapacity;
	}

	public int getMaxBatch() {
		return this.maxBatch;
	}

	public void setMaxBatch(int maxBatch) {
		this.maxBatch = maxBatch;
	}

	public int getMaxTenantsPerStep() {
		return this.maxTenantsPerStep;
	}

	public void setMaxTenantsPerStep(int maxTenantsPerStep) {
		this.maxTenantsPerStep = maxTenantsPerStep;
	}

	public Duration getCloseDelay() {
		return this.closeDelay;
	}

	public void setCloseDelay(Duration closeDelay) {
		this.closeDelay = closeDelay;
	}

	public Duration getMinBackoff() {
		return this.minBackoff;
	}

	public void setMinBackoff(Duration minBackoff) {
		this.minBackoff = minBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getPublishTimeout() {
		return this.publishTimeout;
	}

	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

	public Duration getFinalFlushTimeout() {
		return this.finalFlushTimeout;
	}

	public void setFinalFlushTimeout(Duration finalFlushTimeout) {
		this.finalFlushTimeout = finalFlushTimeout;
	}

}
