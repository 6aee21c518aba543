package io.github.predictivegateway.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A time source that only moves when told to: for tests, and for the trace replay
 * simulator's virtual time.
 */
public final class ManualTimeSource implements TimeSource {

	private final AtomicLong nanos;

	public ManualTimeSource(Instant start) {
		this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
	}

	@Override
	public long epochNanos() {
		return this.nanos.get();
	}

	public void advance(Duration by) {
		if (by.isNegative()) {
			throw new IllegalArgumentException("time only moves forward, got " + by);
		}
		this.nanos.addAndGet(by.toNanos());
	}

	public void set(Instant instant) {
		long target = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
		if (target < this.nanos.get()) {
			throw new IllegalArgumentException("time only moves forward, got " + instant);
		}
		this.nanos.set(target);
	}

	public Instant now() {
		long n = this.nanos.get();
		return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
	}

}
