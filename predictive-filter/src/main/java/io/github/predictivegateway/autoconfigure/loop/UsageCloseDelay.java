package io.github.predictivegateway.autoconfigure.loop;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.gate.QueueSettings;

/**
 * How long after its end a step's usage is closed: {@code predictive.usage.close-delay},
 * but never less than the longest wait in the admission queue plus one second, both real
 * time, in engine time.
 *
 * <p>
 * Why: a request is counted in the step of its tenant-stage decision, and one decided at
 * the very end of a step may wait at the capacity gate for up to its class's
 * {@code max-wait} and then be refused (503). Closed before that, the step would have
 * been published with the request as admitted: the forecaster would be told that more was
 * served than was, and the step's {@code attempted = admitted + throttled} would not
 * match what clients saw. The queue waits in real time, and the second covers a late
 * timer on a loaded machine, so with {@code predictive.time-scale} this is
 * {@code (max-wait + 1 s) × time-scale} of engine time. The usage cycle still caps the
 * delay at a quarter step.
 */
final class UsageCloseDelay {

	private static final Duration MARGIN = Duration.ofSeconds(1);

	private UsageCloseDelay() {
	}

	/**
	 * @param configured {@code predictive.usage.close-delay}
	 * @param timeScale {@code predictive.time-scale}
	 * @param queue the admission queue's bounds, {@code null} without a capacity gate
	 * (nothing waits)
	 */
	static Duration of(Duration configured, double timeScale, @Nullable QueueSettings queue) {
		if (queue == null) {
			return configured;
		}
		Duration longest = (queue.maxWaitPreallocated().compareTo(queue.maxWaitStandard()) >= 0)
				? queue.maxWaitPreallocated() : queue.maxWaitStandard();
		double engineNanos = longest.plus(MARGIN).toNanos() * timeScale;
		Duration needed = Duration.ofNanos((long) Math.min(engineNanos, Long.MAX_VALUE / 2.0));
		return (configured.compareTo(needed) >= 0) ? configured : needed;
	}

}
