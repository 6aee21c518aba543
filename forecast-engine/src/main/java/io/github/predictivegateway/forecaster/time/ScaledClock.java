package io.github.predictivegateway.forecaster.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.github.predictivegateway.wire.CompressedTime;

/**
 * A {@link Clock} in compressed time for demos and tests: the rule of
 * {@link CompressedTime} ({@code virtual = origin + (real - origin) × scale}), the one
 * the gateway's time source follows too, so that a gateway and a sidecar with the same
 * origin and scale agree on the step. A scale of 1 is the real clock.
 */
public final class ScaledClock extends Clock {

	private final Clock real;

	private final CompressedTime time;

	public ScaledClock(Clock real, Instant origin, double scale) {
		this.real = real;
		this.time = new CompressedTime(origin, scale);
	}

	/** The real clock when {@code scale == 1}, otherwise a scaled one. */
	public static Clock of(Clock real, Instant origin, double scale) {
		return (scale == 1.0) ? real : new ScaledClock(real, origin, scale);
	}

	@Override
	public Instant instant() {
		return this.time.virtualInstant(this.real.instant());
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
