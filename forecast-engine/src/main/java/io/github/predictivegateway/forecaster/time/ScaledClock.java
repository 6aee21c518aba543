package io.github.predictivegateway.forecaster.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Compressed time for demos and tests:
 * {@code virtual = origin + (real - origin) × scale}. Two processes with the same origin
 * and scale agree on the virtual time, whenever each was started, so a gateway and a
 * sidecar can run several "days" in minutes together. A scale of 1 is the real clock.
 */
public final class ScaledClock extends Clock {

	private final Clock real;

	private final Instant origin;

	private final double scale;

	public ScaledClock(Clock real, Instant origin, double scale) {
		if (!(scale >= 1) || Double.isInfinite(scale)) {
			throw new IllegalArgumentException("time scale must be a finite number >= 1, got " + scale);
		}
		this.real = real;
		this.origin = origin;
		this.scale = scale;
	}

	/** The real clock when {@code scale == 1}, otherwise a scaled one. */
	public static Clock of(Clock real, Instant origin, double scale) {
		return (scale == 1.0) ? real : new ScaledClock(real, origin, scale);
	}

	@Override
	public Instant instant() {
		Instant now = this.real.instant();
		long realNanos = (now.getEpochSecond() - this.origin.getEpochSecond()) * 1_000_000_000L
				+ (now.getNano() - this.origin.getNano());
		double virtualNanos = realNanos * this.scale;
		long seconds = (long) Math.floor(virtualNanos / 1e9);
		long nanos = (long) (virtualNanos - seconds * 1e9);
		return this.origin.plusSeconds(seconds).plusNanos(nanos);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
