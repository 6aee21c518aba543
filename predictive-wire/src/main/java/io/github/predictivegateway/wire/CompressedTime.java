package io.github.predictivegateway.wire;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;

/**
 * Compressed time for demos and tests, the one rule gateway and forecaster share: <pre>
 *   virtual = origin + (real − origin) × scale       (epoch nanoseconds)
 * </pre> Two processes given the same origin and scale agree on the virtual time, and so
 * on the step, whenever each was started, so a gateway and a sidecar can run several
 * "days" in minutes together. A scale of 1 is real time. The product is taken in
 * {@code double} and truncated toward zero; virtual time must stay within the range of
 * epoch nanoseconds in a {@code long} (up to the year 2262), so keep the origin close to
 * now when the scale is large.
 */
public final class CompressedTime {

	private final Instant origin;

	private final long originNanos;

	private final double scale;

	/**
	 * @param origin the instant at which virtual and real time agree
	 * @param scale how many times faster than real time virtual time runs, finite and at
	 * least 1
	 */
	public CompressedTime(Instant origin, double scale) {
		if (!(scale >= 1) || Double.isInfinite(scale)) {
			throw new IllegalArgumentException("time scale must be a finite number >= 1, got " + scale);
		}
		this.origin = origin;
		this.originNanos = Math.multiplyExact(origin.getEpochSecond(), 1_000_000_000L) + origin.getNano();
		this.scale = scale;
	}

	/**
	 * The virtual time at the real time {@code realEpochNanos}, both in nanoseconds since
	 * the epoch.
	 * @throws ArithmeticException if virtual time leaves the range of epoch nanoseconds
	 */
	public long virtualEpochNanos(long realEpochNanos) {
		double virtual = (realEpochNanos - this.originNanos) * this.scale;
		if (Math.abs(virtual) >= Long.MAX_VALUE - Math.abs((double) this.originNanos)) {
			throw new ArithmeticException("compressed time left the range of epoch nanoseconds; move the origin "
					+ "closer to now or lower the scale");
		}
		return this.originNanos + (long) virtual;
	}

	/** {@link #virtualEpochNanos(long)} for instants. */
	public Instant virtualInstant(Instant real) {
		long nanos = virtualEpochNanos(Math.multiplyExact(real.getEpochSecond(), 1_000_000_000L) + real.getNano());
		return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
	}

	/**
	 * A clock in this compressed time, reading {@code real} (UTC): the forecaster's
	 * clock.
	 */
	public Clock clock(Clock real) {
		InstantSource virtual = () -> virtualInstant(real.instant());
		return virtual.withZone(ZoneOffset.UTC);
	}

	/**
	 * {@code real} itself when {@code scale} is 1, otherwise its compressed-time clock.
	 */
	public static Clock clock(Clock real, Instant origin, double scale) {
		return (scale == 1.0) ? real : new CompressedTime(origin, scale).clock(real);
	}

	public Instant origin() {
		return this.origin;
	}

	public double scale() {
		return this.scale;
	}

}
