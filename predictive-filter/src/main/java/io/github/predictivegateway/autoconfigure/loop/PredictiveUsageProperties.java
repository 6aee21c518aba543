package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Usage feedback: per step, per tenant and resource type, what was offered, admitted and
 * throttled.
 *
 * @param instanceId This gateway instance's id in usage records. Unset: host name plus a
 * random suffix.
 * @param sink Where usage records go: sidecar (POST /v1/usage to forecast.sidecar-url),
 * redis (the usage stream, read by every sidecar with sidecar.usage.source=redis; needs
 * store=redis), or auto: redis when store=redis and a sidecar-url is set, else the
 * sidecar, else the embedded forecaster.
 * @param bufferCapacity Most records waiting to be published; beyond it the oldest are
 * dropped (and counted).
 * @param maxBatch Most records in one published batch (the sidecar takes at most 10000).
 * A batch of n records is at most 796 + 1889 × n bytes (ids of 256 characters of 3 UTF-8
 * bytes each; 128-character ASCII tenant ids make records of about 340 bytes): 1.8 MiB at
 * the default 1000, 18 MiB at 10000. The sidecar's request body limit
 * (spring.http.codecs.max-in-memory-size) must be at least that; a batch answered 413 is
 * split in halves.
 * @param maxTenantsPerStep Most tenants counted in one step; requests of further tenants
 * are only counted as overflow.
 * @param closeDelay How long after a step's end it is closed and published (engine time,
 * at most a quarter step).
 * @param minBackoff First wait before publishing again after a failure (real time);
 * doubles per failure, with jitter.
 * @param maxBackoff Longest wait between publishing attempts (real time).
 * @param publishTimeout Time limit of one publish to the sidecar (real time).
 * @param finalFlushTimeout On shutdown, how long publishing the last, unfinished step's
 * usage (and anything still buffered) may take (real time). Keep it below
 * spring.lifecycle.timeout-per-shutdown-phase.
 */
@ConfigurationProperties(PredictiveUsageProperties.PREFIX)
@Validated
public record PredictiveUsageProperties(@Nullable String instanceId, @NotNull @DefaultValue("auto") String sink,
		@Min(1) @DefaultValue("100000") int bufferCapacity, @Min(1) @DefaultValue("1000") int maxBatch,
		@Min(1) @DefaultValue("100000") int maxTenantsPerStep, @NotNull @DefaultValue("2s") Duration closeDelay,
		@NotNull @DefaultValue("1s") Duration minBackoff, @NotNull @DefaultValue("1m") Duration maxBackoff,
		@NotNull @DefaultValue("5s") Duration publishTimeout,
		@NotNull @DefaultValue("5s") Duration finalFlushTimeout) implements ValidatedProperties {

	public static final String PREFIX = "predictive.usage";

	/** The sidecar takes at most this many records per usage batch. */
	static final int SIDECAR_MAX_BATCH = UsageValidator.DEFAULT_MAX_RECORDS;

	@Override
	public void check(PropertyRules rules) {
		if (this.maxBatch() > SIDECAR_MAX_BATCH) {
			rules.reject("max-batch", rules.path("max-batch") + " is " + this.maxBatch()
					+ "; the sidecar takes at most " + SIDECAR_MAX_BATCH + " records per batch");
		}
		if (this.instanceId() != null && this.instanceId().isBlank()) {
			rules.reject("instance-id", rules.path("instance-id") + " is blank; leave it unset for a generated one");
		}
		else if (this.instanceId() != null) {
			String violation = UsageValidator.idViolation(rules.path("instance-id"), this.instanceId());
			if (violation != null) {
				rules.reject("instance-id", violation + "; the forecaster would refuse every usage batch");
			}
		}
		if (this.sink() != null && !UsageSinkChoice.NAMES.contains(this.sink())) {
			rules.reject("sink", rules.path("sink") + " is '" + this.sink() + "'; it must be one of "
					+ String.join(", ", UsageSinkChoice.NAMES));
		}
		rules.notNegative("close-delay", this.closeDelay());
		rules.positive("min-backoff", this.minBackoff());
		rules.positive("max-backoff", this.maxBackoff());
		rules.positive("publish-timeout", this.publishTimeout());
		rules.notNegative("final-flush-timeout", this.finalFlushTimeout());
		if (this.minBackoff() != null && this.maxBackoff() != null
				&& this.maxBackoff().compareTo(this.minBackoff()) < 0) {
			rules.reject("max-backoff", rules.path("max-backoff") + " is " + this.maxBackoff() + ", below "
					+ rules.path("min-backoff") + " " + this.minBackoff());
		}
	}

}
