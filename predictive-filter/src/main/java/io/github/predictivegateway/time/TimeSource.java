package io.github.predictivegateway.time;

/**
 * The engine's only notion of time: nanoseconds since the Unix epoch.
 *
 * <p>
 * Every engine class takes a {@code TimeSource} instead of reading the system clock, so
 * that the same code runs in real time (the gateway), in compressed time (demos) and in
 * virtual time (tests and the trace replay simulator). Step boundaries are aligned to the
 * epoch, which is why the scale is wall-clock nanoseconds rather than
 * {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface TimeSource {

	/** Nanoseconds since 1970-01-01T00:00:00Z. */
	long epochNanos();

	/** The system clock, with microsecond resolution where the platform offers it. */
	static TimeSource system() {
		return SystemTimeSource.INSTANCE;
	}

}
