package io.github.predictivegateway.time;

/**
 * The engine's only notion of time: nanoseconds since the Unix epoch.
 *
 * <p>
 * Every engine class takes a {@code TimeSource} instead of reading the system clock, so
 * that the same code runs in real time (the gateway), in compressed time (demos) and in
 * virtual time (tests and the trace replay simulator). Step boundaries are aligned to the
 * epoch, which is why the scale is epoch nanoseconds; the real clock reads the wall clock
 * once and then counts with {@link System#nanoTime()} ({@link MonotonicTimeSource}), so
 * that the time the engine sees never goes backwards.
 */
@FunctionalInterface
public interface TimeSource {

	/** Nanoseconds since 1970-01-01T00:00:00Z. */
	long epochNanos();

	/**
	 * The real clock: epoch time anchored to the system's wall clock, advancing with its
	 * monotonic clock ({@link MonotonicTimeSource}), so that a wall clock stepped back
	 * changes nothing, and one stepped forward by more than a second is followed.
	 */
	static TimeSource system() {
		return SystemTimeSource.MONOTONIC;
	}

	/** The system's wall clock as it is, stepping back when it is set back. */
	static TimeSource wallClock() {
		return SystemTimeSource.INSTANCE;
	}

}
