package io.github.predictivegateway.time;

import java.time.Instant;

/**
 * Reads {@link Instant#now()}: wall-clock time, because steps are aligned to the epoch
 * and must agree across gateway instances and with the forecast sidecar. The engine reads
 * it through {@link #MONOTONIC}, which never goes backwards.
 */
final class SystemTimeSource implements TimeSource {

	static final SystemTimeSource INSTANCE = new SystemTimeSource();

	static final TimeSource MONOTONIC = new MonotonicTimeSource(INSTANCE, System::nanoTime,
			MonotonicTimeSource.DEFAULT_FORWARD_TOLERANCE);

	private SystemTimeSource() {
	}

	@Override
	public long epochNanos() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

}
