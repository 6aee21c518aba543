package io.github.predictivegateway.forecaster.training;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Cuts the forecasting library's {@link SeriesHistory} out of the usage history: a
 * series' demand per step, up to (not including) a given step, so that the step still
 * being filled is never mistaken for a quiet one.
 */
public final class SeriesHistories {

	private SeriesHistories() {
	}

	/**
	 * Demand of {@code id} from its first step, or from {@code endStep - maxSteps} if
	 * later, to {@code endStep}.
	 */
	public static SeriesHistory of(UsageHistory history, SeriesKey id, long endStep, int maxSteps) {
		long first = history.firstStep(id);
		long from = (first == Long.MIN_VALUE) ? endStep : Math.max(first, endStep - maxSteps);
		from = Math.min(from, endStep);
		double[] demand = history.demand(id, from, endStep);
		return new SeriesHistory(id.label(), from * history.stepSeconds(), (int) history.stepSeconds(), demand);
	}

}
