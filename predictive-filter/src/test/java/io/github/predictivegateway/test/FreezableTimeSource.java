package io.github.predictivegateway.test;

import io.github.predictivegateway.time.TimeSource;

/**
 * The system clock, which a test can stop: between {@link #freeze()} and {@link #thaw()}
 * it reads the instant it was frozen at, so that what a burst of requests is decided
 * against (buckets that refill with engine time) does not depend on how long a loaded
 * machine took to send them. Thawed, it reads the system clock again: a jump forward,
 * never back. For tests of gateway instances that also need real time to pass for other
 * parts (alert rules' {@code for:}, circuit breakers, timeouts).
 */
public final class FreezableTimeSource implements TimeSource {

	private static final long THAWED = Long.MIN_VALUE;

	private volatile long frozenAt = THAWED;

	@Override
	public long epochNanos() {
		long frozen = this.frozenAt;
		return (frozen != THAWED) ? frozen : TimeSource.system().epochNanos();
	}

	/** Stops the clock at the current instant. */
	public void freeze() {
		this.frozenAt = TimeSource.system().epochNanos();
	}

	/** Lets the clock follow the system clock again. */
	public void thaw() {
		this.frozenAt = THAWED;
	}

}
