package io.github.predictivegateway.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import io.github.predictivegateway.time.ScaledTimeSource;
import io.github.predictivegateway.time.TimeSource;

import org.springframework.validation.Errors;

/**
 * The rules of {@link PredictiveLoopProperties} beyond single-field ranges. Each broken
 * rule is one error whose message names the property, its value and what is allowed.
 */
final class PredictiveLoopPropertiesRules {

	private static final String P = PredictiveProperties.PREFIX + ".";

	/** The sidecar takes at most this many records per usage batch. */
	static final int SIDECAR_MAX_BATCH = 10_000;

	private final PredictiveLoopProperties properties;

	PredictiveLoopPropertiesRules(PredictiveLoopProperties properties) {
		this.properties = properties;
	}

	void check(Errors errors) {
		checkTime(errors);
		checkForecast(errors);
		checkAdjustment(errors);
		checkUsage(errors);
	}

	private void checkTime(Errors errors) {
		double scale = this.properties.getTimeScale();
		Instant origin = this.properties.getTimeOrigin();
		if (origin == null || !(scale >= 1) || Double.isInfinite(scale)) {
			return;
		}
		try {
			ScaledTimeSource.of(TimeSource.system(), origin, scale).epochNanos();
		}
		catch (ArithmeticException ex) {
			reject(errors, "time-origin", P + "time-origin is " + origin + " with " + P + "time-scale " + scale
					+ ": compressed time is already past the year 2262; set the origin close to now");
		}
	}

	private void checkForecast(Errors errors) {
		PredictiveLoopProperties.Forecast forecast = this.properties.getForecast();
		URI url = forecast.getSidecarUrl();
		if (url != null && (url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null)) {
			reject(errors, "forecast.sidecar-url", P + "forecast.sidecar-url is '" + url
					+ "'; it must be an http or https URL with a host, e.g. http://127.0.0.1:8090");
		}
		positive(errors, "forecast.refresh-interval", forecast.getRefreshInterval());
		notNegative(errors, "forecast.staleness", forecast.getStaleness());
		if (forecast.getMaxSnapshotSize() != null && forecast.getMaxSnapshotSize().toBytes() <= 0) {
			reject(errors, "forecast.max-snapshot-size", P + "forecast.max-snapshot-size is "
					+ forecast.getMaxSnapshotSize() + "; it must be positive, e.g. 64MB");
		}
	}

	private void checkAdjustment(Errors errors) {
		PredictiveLoopProperties.Adjustment adjustment = this.properties.getAdjustment();
		if (!(adjustment.getMin() > 0 && adjustment.getMin() <= 1)) {
			reject(errors, "adjustment.min",
					P + "adjustment.min is " + adjustment.getMin() + "; it must be within (0, 1]");
		}
		if (!(adjustment.getMax() >= 1) || Double.isInfinite(adjustment.getMax())) {
			reject(errors, "adjustment.max",
					P + "adjustment.max is " + adjustment.getMax() + "; it must be a finite number of at least 1");
		}
		if (!(adjustment.getUp() > 1) || Double.isInfinite(adjustment.getUp())) {
			reject(errors, "adjustment.up",
					P + "adjustment.up is " + adjustment.getUp() + "; it must be a finite number above 1");
		}
		if (!(adjustment.getDown() > 0 && adjustment.getDown() < 1)) {
			reject(errors, "adjustment.down",
					P + "adjustment.down is " + adjustment.getDown() + "; it must be within (0, 1)");
		}
	}

	private void checkUsage(Errors errors) {
		PredictiveLoopProperties.Usage usage = this.properties.getUsage();
		if (usage.getMaxBatch() > SIDECAR_MAX_BATCH) {
			reject(errors, "usage.max-batch", P + "usage.max-batch is " + usage.getMaxBatch()
					+ "; the sidecar takes at most " + SIDECAR_MAX_BATCH + " records per batch");
		}
		if (usage.getInstanceId() != null && usage.getInstanceId().isBlank()) {
			reject(errors, "usage.instance-id", P + "usage.instance-id is blank; leave it unset for a generated one");
		}
		if (usage.getSink() != null && !UsageSinkChoice.NAMES.contains(usage.getSink())) {
			reject(errors, "usage.sink", P + "usage.sink is '" + usage.getSink() + "'; it must be one of "
					+ String.join(", ", UsageSinkChoice.NAMES));
		}
		notNegative(errors, "usage.close-delay", usage.getCloseDelay());
		positive(errors, "usage.min-backoff", usage.getMinBackoff());
		positive(errors, "usage.max-backoff", usage.getMaxBackoff());
		positive(errors, "usage.publish-timeout", usage.getPublishTimeout());
		notNegative(errors, "usage.final-flush-timeout", usage.getFinalFlushTimeout());
		if (usage.getMinBackoff() != null && usage.getMaxBackoff() != null
				&& usage.getMaxBackoff().compareTo(usage.getMinBackoff()) < 0) {
			reject(errors, "usage.max-backoff", P + "usage.max-backoff is " + usage.getMaxBackoff() + ", below " + P
					+ "usage.min-backoff " + usage.getMinBackoff());
		}
	}

	private static void positive(Errors errors, String name, Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			reject(errors, name, P + name + " is " + value + "; it must be positive");
		}
	}

	private static void notNegative(Errors errors, String name, Duration value) {
		if (value != null && value.isNegative()) {
			reject(errors, name, P + name + " is " + value + "; it must not be negative");
		}
	}

	private static void reject(Errors errors, String code, String message) {
		errors.reject("predictive." + code, message);
	}

}
