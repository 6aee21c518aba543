package io.github.predictivegateway.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} reading a {@link TimeSource}, for code that takes a
 * {@code java.time.Clock} (the embedded forecaster), so that it runs on the engine's
 * (possibly compressed or manual) time.
 */
public final class TimeSourceClock extends Clock {

	private final TimeSource time;

	public TimeSourceClock(TimeSource time) {
		this.time = time;
	}

	@Override
	public Instant instant() {
		long nanos = this.time.epochNanos();
		return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
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
