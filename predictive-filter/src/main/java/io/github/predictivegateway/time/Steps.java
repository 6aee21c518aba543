package io.github.predictivegateway.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The step grid: forecast and reservation periods of a fixed length, aligned to the Unix
 * epoch, so that every gateway instance and the sidecar agree on which step an instant
 * belongs to.
 *
 * <p>
 * Step {@code i} covers {@code [i × length, (i + 1) × length)} nanoseconds since the
 * epoch.
 */
public final class Steps {

	private final long lengthNanos;

	public Steps(Duration length) {
		if (length == null || length.isNegative() || length.isZero()) {
			throw new IllegalArgumentException("step length must be positive, got " + length);
		}
		this.lengthNanos = length.toNanos();
	}

	public long indexOf(long epochNanos) {
		return Math.floorDiv(epochNanos, this.lengthNanos);
	}

	public long startNanos(long index) {
		return index * this.lengthNanos;
	}

	public Instant start(long index) {
		long n = startNanos(index);
		return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
	}

	/** Nanoseconds from {@code epochNanos} to the start of the next step (never zero). */
	public long nanosToNextStep(long epochNanos) {
		return startNanos(indexOf(epochNanos) + 1) - epochNanos;
	}

	public long lengthNanos() {
		return this.lengthNanos;
	}

	public Duration length() {
		return Duration.ofNanos(this.lengthNanos);
	}

	/** Step length in seconds, as a fraction. */
	public double lengthSeconds() {
		return this.lengthNanos / 1e9;
	}

}
