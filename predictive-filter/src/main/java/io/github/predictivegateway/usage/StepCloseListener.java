package io.github.predictivegateway.usage;

import java.util.List;

/**
 * Told by the {@link UsageCycle} of every step it closes, in step order, once the step's
 * usage is final and before the adjustment learns from it (so the forecasts of the step
 * are still remembered). Called off the request path, on the cycle's thread, one step at
 * a time; an implementation must be quick and must not throw.
 */
@FunctionalInterface
public interface StepCloseListener {

	/**
	 * @param step index of the closed step
	 * @param records its usage records, one per tenant × resource type that offered
	 * anything (possibly none)
	 */
	void stepClosed(long step, List<StepUsage> records);

}
