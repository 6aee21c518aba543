package io.github.predictivegateway.time;

import java.time.Instant;

import io.github.predictivegateway.wire.CompressedTime;

/**
 * Compressed time for demos and tests: the rule of {@link CompressedTime}
 * ({@code virtual = origin + (real − origin) × scale}), the one the forecaster's clock
 * follows too, so that a gateway and a sidecar started with the same origin and scale
 * agree on the step whenever each was started. Pick an origin close to when they start:
 * epoch nanoseconds reach the year 2262 at most, and the scale multiplies the time since
 * the origin.
 */
public final class ScaledTimeSource implements TimeSource {

	private final TimeSource real;

	private final CompressedTime time;

	public ScaledTimeSource(TimeSource real, Instant origin, double scale) {
		this.real = real;
		this.time = new CompressedTime(origin, scale);
	}

	/** The real time source when {@code scale == 1}, otherwise a scaled one. */
	public static TimeSource of(TimeSource real, Instant origin, double scale) {
		return (scale == 1.0) ? real : new ScaledTimeSource(real, origin, scale);
	}

	@Override
	public long epochNanos() {
		return this.time.virtualEpochNanos(this.real.epochNanos());
	}

}
