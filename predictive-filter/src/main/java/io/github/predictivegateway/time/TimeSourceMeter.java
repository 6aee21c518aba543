package io.github.predictivegateway.time;

import io.github.bucket4j.TimeMeter;

/**
 * Lets Bucket4j buckets run on the engine's injected {@link TimeSource}, so standard
 * buckets refill in virtual time in tests and in the replay simulator exactly as they do
 * in real time.
 */
public final class TimeSourceMeter implements TimeMeter {

	private final TimeSource time;

	public TimeSourceMeter(TimeSource time) {
		this.time = time;
	}

	@Override
	public long currentTimeNanos() {
		return this.time.epochNanos();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
