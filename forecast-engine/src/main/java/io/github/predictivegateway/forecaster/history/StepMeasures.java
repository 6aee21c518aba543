package io.github.predictivegateway.forecaster.history;

/**
 * What a series measured in one step: one instance's contribution, or the sum over
 * instances (the longest duration: the most of any instance).
 *
 * @param demand units offered (the demand that is forecast)
 * @param attempted requests offered, including throttled ones
 * @param throttled requests refused
 * @param bytes request bytes seen
 * @param durationMsSum sum of upstream durations, milliseconds
 * @param durationMsMax longest upstream duration, milliseconds
 */
public record StepMeasures(double demand, long attempted, long throttled, long bytes, double durationMsSum,
		double durationMsMax) {

	/** Nothing measured. */
	public static final StepMeasures NONE = new StepMeasures(0, 0, 0, 0, 0, 0);

	/** Whether anything was measured. */
	public boolean isEmpty() {
		return equals(NONE);
	}

}
