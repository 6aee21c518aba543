package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of an admission queue.
 *
 * @param maxLength most requests waiting at once, all classes together; 0 means nobody
 * waits (a full gate answers 503 at once)
 * @param maxWaitPreallocated longest a pre-allocated request waits for the gate before it
 * is answered 503
 * @param maxWaitStandard longest a standard request waits
 */
public record QueueSettings(int maxLength, Duration maxWaitPreallocated, Duration maxWaitStandard) {

	public QueueSettings {
		if (maxLength < 0) {
			throw new IllegalArgumentException("max queue length must be >= 0, got " + maxLength);
		}
		checkWait(maxWaitPreallocated, "preallocated");
		checkWait(maxWaitStandard, "standard");
	}

	/**
	 * 1000 waiting requests; pre-allocated ones wait up to 3 s, standard ones up to 1 s.
	 */
	public static QueueSettings defaults() {
		return new QueueSettings(1000, Duration.ofSeconds(3), Duration.ofSeconds(1));
	}

	public Duration maxWait(PriorityClass priority) {
		return (priority == PriorityClass.PREALLOCATED) ? this.maxWaitPreallocated : this.maxWaitStandard;
	}

	private static void checkWait(Duration wait, String priority) {
		Objects.requireNonNull(wait, () -> "max wait of " + priority);
		if (wait.isNegative()) {
			throw new IllegalArgumentException("max wait of " + priority + " must not be negative, got " + wait);
		}
	}

}
