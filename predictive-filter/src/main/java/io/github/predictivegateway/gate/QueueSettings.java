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

	/** Longer than this, a waiting client is better told to come back later. */
	public static final Duration MAX_WAIT = Duration.ofMinutes(5);

	public QueueSettings {
		if (maxLength < 0) {
			throw new IllegalArgumentException("max-length is " + maxLength + "; it must be 0 (nobody waits) or more");
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
		Objects.requireNonNull(wait, () -> "max-wait." + priority);
		if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
			throw new IllegalArgumentException(
					"max-wait." + priority + " is " + wait + "; it must be from 0 (never wait) to "
							+ MAX_WAIT.toSeconds() + "s, since a client waits that long for an answer");
		}
	}

}
