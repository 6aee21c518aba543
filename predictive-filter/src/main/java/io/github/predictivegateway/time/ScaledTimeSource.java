package io.github.predictivegateway.time;

import java.time.Instant;

/**
 * Compressed time for demos and tests:
 * {@code virtual = origin + (real − origin) × scale}, the same rule as the forecast
 * sidecar's {@code ScaledClock}, so that a gateway and a sidecar started with the same
 * origin and scale agree on the step whenever each was started. Pick an origin close to
 * when they start: epoch nanoseconds reach the year 2262 at most, and the scale
 * multiplies the time since the origin.
 */
public final class ScaledTimeSource implements TimeSource {

	private final TimeSource real;

	private final long originNanos;

	private final double scale;

	public ScaledTimeSource(TimeSource real, Instant origin, double scale) {
		if (!(scale >= 1) || Double.isInfinite(scale)) {
			throw new IllegalArgumentException("time scale must be a finite number >= 1, got " + scale);
		}
		this.real = real;
		this.originNanos = Math.multiplyExact(origin.getEpochSecond(), 1_000_000_000L) + origin.getNano();
		this.scale = scale;
	}

	/** The real time source when {@code scale == 1}, otherwise a scaled one. */
	public static TimeSource of(TimeSource real, Instant origin, double scale) {
		return (scale == 1.0) ? real : new ScaledTimeSource(real, origin, scale);
	}

	@Override
	public long epochNanos() {
		double virtual = (this.real.epochNanos() - this.originNanos) * this.scale;
		if (Math.abs(virtual) >= Long.MAX_VALUE - Math.abs((double) this.originNanos)) {
			throw new ArithmeticException("compressed time left the range of epoch nanoseconds; move the origin "
					+ "closer to now or lower the scale");
		}
		return this.originNanos + (long) virtual;
	}

}
