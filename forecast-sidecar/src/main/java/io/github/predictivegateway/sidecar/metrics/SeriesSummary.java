package io.github.predictivegateway.sidecar.metrics;

import java.util.Arrays;

/**
 * Median and extremes of one figure over series, ignoring series whose figure is not a
 * number (a model whose backtest could not be scored). The median of an even count is the
 * mean of the two middle values. Every statistic is NaN when no series has a figure.
 */
record SeriesSummary(double median, double min, double max) {

	static final SeriesSummary NONE = new SeriesSummary(Double.NaN, Double.NaN, Double.NaN);

	static SeriesSummary of(double[] values) {
		double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
		int n = finite.length;
		if (n == 0) {
			return NONE;
		}
		double median = (n % 2 == 1) ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
		return new SeriesSummary(median, finite[0], finite[n - 1]);
	}

}
