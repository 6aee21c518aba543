package io.github.predictivegateway.preallocation;

import java.util.Map;

import io.github.predictivegateway.wire.SeriesKey;

/**
 * Told at the end of each in-step window, after {@link InStepAdjustment} has topped up
 * and released the grants, what the window's refusals were, so that another part of the
 * tenant stage can follow the same signal without counting refusals a second time (the
 * standard buckets' lift, {@code io.github.predictivegateway.admission.RateLift}). Called
 * on the cycle's tick, off the request path, one window at a time.
 */
@FunctionalInterface
public interface InStepWindowListener {

	/**
	 * @param grants the current step's grants, as adjusted for the window
	 * @param refused the units refused per series in the window (empty when none)
	 * @param elapsedSeconds the window's length, seconds
	 * @param nowNanos the window's end, engine time
	 */
	void windowClosed(StepGrants grants, Map<SeriesKey, Long> refused, double elapsedSeconds, long nowNanos);

}
