package io.github.predictivegateway.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the predictive loop under {@code predictive.*}: where forecasts come
 * from (the sidecar or the embedded forecaster) and how stale they may get, the dynamic
 * adjustment of pre-allocations, usage feedback, and compressed time (the embedded
 * forecaster's own settings are {@link EmbeddedForecasterProperties}). Kept apart from
 * {@link PredictiveProperties} (same prefix) so that the loop's settings live in one
 * place. Ranges are checked by Bean Validation, the rest by
 * {@link PredictiveLoopPropertiesRules}; either stops start-up with a message naming the
 * property.
 */
@ConfigurationProperties(PredictiveProperties.PREFIX)
@Validated
public class PredictiveLoopProperties implements Validator {

	/**
	 * Compressed time for demos and tests: engine time runs this many times faster than
	 * real time from time-origin (virtual = origin + (real - origin) x scale, as the
	 * sidecar's sidecar.time-scale). 1 is real time.
	 */
	@DecimalMin("1.0")
	private double timeScale = 1.0;

	/**
	 * The instant at which compressed time and real time agree; must equal the sidecar's
	 * sidecar.time-origin.
	 */
	@NotNull
	private Instant timeOrigin = Instant.parse("2026-01-01T00:00:00Z");

	/** Where forecasts come from and how long they are trusted. */
	@Valid
	private Forecast forecast = new Forecast();

	/** Dynamic adjustment of pre-allocations to how demand compares with its forecast. */
	@Valid
	private Adjustment adjustment = new Adjustment();

	/** Usage feedback to the forecaster. */
	@Valid
	private Usage usage = new Usage();

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveLoopProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new PredictiveLoopPropertiesRules((PredictiveLoopProperties) target).check(errors);
	}

	public double getTimeScale() {
		return this.timeScale;
	}

	public void setTimeScale(double timeScale) {
		this.timeScale = timeScale;
	}

	public Instant getTimeOrigin() {
		return this.timeOrigin;
	}

	public void setTimeOrigin(Instant timeOrigin) {
		this.timeOrigin = timeOrigin;
	}

	public Forecast getForecast() {
		return this.forecast;
	}

	public void setForecast(Forecast forecast) {
		this.forecast = forecast;
	}

	public Adjustment getAdjustment() {
		return this.adjustment;
	}

	public void setAdjustment(Adjustment adjustment) {
		this.adjustment = adjustment;
	}

	public Usage getUsage() {
		return this.usage;
	}

	public void setUsage(Usage usage) {
		this.usage = usage;
	}

	/** Where forecasts come from and how long they are trusted. */
	public static class Forecast {

		/**
		 * Base URL of the forecast sidecar, e.g. http://127.0.0.1:8090. Unset: the
		 * embedded forecaster (if forecast-engine is on the class path), otherwise only
		 * declared pre-allocations.
		 */
		private @Nullable URI sidecarUrl;

		/**
		 * The sidecar's shared token (its sidecar.token), sent as Authorization: Bearer
		 * with every usage batch. Needed when the sidecar has a token; never logged.
		 */
		private @Nullable String sidecarToken;

		/** How often forecasts are pulled, real time, off the request path. */
		@NotNull
		private Duration refreshInterval = Duration.ofSeconds(10);

		/**
		 * How long after the last successful contact with the forecaster its forecasts
		 * are used in full (engine time). After that, pre-allocation decays to zero over
		 * decay-steps steps.
		 */
		@NotNull
		private Duration staleness = Duration.ofMinutes(5);

		/**
		 * Steps over which pre-allocation decays to zero once forecasts are stale: 1 -
		 * k/decay-steps at the k-th.
		 */
		@Min(1)
		private int decaySteps = 4;

		/**
		 * Largest forecast snapshot read from the sidecar; a larger body is not read past
		 * this size and is refused (the last good snapshot stays). A 10,000-series
		 * snapshot of 12 steps is about 10 MB.
		 */
		@NotNull
		private DataSize maxSnapshotSize = DataSize.ofMegabytes(64);

		public @Nullable URI getSidecarUrl() {
			return this.sidecarUrl;
		}

		public void setSidecarUrl(@Nullable URI sidecarUrl) {
			this.sidecarUrl = sidecarUrl;
		}

		public @Nullable String getSidecarToken() {
			return this.sidecarToken;
		}

		public void setSidecarToken(@Nullable String sidecarToken) {
			this.sidecarToken = sidecarToken;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getStaleness() {
			return this.staleness;
		}

		public void setStaleness(Duration staleness) {
			this.staleness = staleness;
		}

		public int getDecaySteps() {
			return this.decaySteps;
		}

		public void setDecaySteps(int decaySteps) {
			this.decaySteps = decaySteps;
		}

		public DataSize getMaxSnapshotSize() {
			return this.maxSnapshotSize;
		}

		public void setMaxSnapshotSize(DataSize maxSnapshotSize) {
			this.maxSnapshotSize = maxSnapshotSize;
		}

	}

	/**
	 * Dynamic adjustment of pre-allocations: desired = upper x m, m within [min, max].
	 */
	public static class Adjustment {

		/** Whether the multiplier m moves at all; false keeps m = 1. */
		private boolean enabled = true;

		/** Lowest multiplier, in (0, 1]. */
		@DecimalMin(value = "0.0", inclusive = false)
		private double min = 0.5;

		/** Highest multiplier, at least 1. */
		@DecimalMin("1.0")
		private double max = 3.0;

		/**
		 * Factor m is multiplied by when demand stays above the forecast's upper bound;
		 * above 1.
		 */
		@DecimalMin(value = "1.0", inclusive = false)
		private double up = 1.25;

		/**
		 * Factor m is multiplied by when demand stays below the forecast's lower bound;
		 * in (0, 1).
		 */
		@DecimalMin(value = "0.0", inclusive = false)
		private double down = 0.8;

		/** Steps in a row demand must stay outside the interval before m moves. */
		@Min(1)
		private int consecutiveSteps = 3;

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

	/**
	 * Usage feedback: per step, per tenant and resource type, what was offered, admitted
	 * and throttled.
	 */
	public static class Usage {

		/**
		 * This gateway instance's id in usage records. Unset: host name plus a random
		 * suffix.
		 */
		private @Nullable String instanceId;

		/**
		 * Where usage records go: sidecar (POST /v1/usage to forecast.sidecar-url), redis
		 * (the usage stream, read by every sidecar with sidecar.usage.source=redis; needs
		 * store=redis), or auto: redis when store=redis and a sidecar-url is set, else
		 * the sidecar, else the embedded forecaster.
		 */
		@NotNull
		private String sink = "auto";

		public String getSink() {
			return this.sink;
		}

		public void setSink(String sink) {
			this.sink = sink;
		}

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
		 * Most tenants counted in one step; requests of further tenants are only counted
		 * as overflow.
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
		 * On shutdown, how long publishing the last, unfinished step's usage (and
		 * anything still buffered) may take (real time). Keep it below
		 * spring.lifecycle.timeout-per-shutdown-phase.
		 */
		@NotNull
		private Duration finalFlushTimeout = Duration.ofSeconds(5);

		public Duration getFinalFlushTimeout() {
			return this.finalFlushTimeout;
		}

		public void setFinalFlushTimeout(Duration finalFlushTimeout) {
			this.finalFlushTimeout = finalFlushTimeout;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
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

	}

}
