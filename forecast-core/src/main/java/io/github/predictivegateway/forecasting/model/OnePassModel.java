package io.github.predictivegateway.forecasting.model;

/**
 * A point model that forecasts a range of origins in one pass: it implements only
 * {@link #forecastEach}, and a single forecast is the range of one origin, so both give
 * the same numbers.
 */
public interface OnePassModel extends PointModel {

	@Override
	default double[] forecast(ScaledSeries series, int origin, int horizon) {
		return forecastEach(series, origin, origin + 1, horizon)[0];
	}

	@Override
	double[][] forecastEach(ScaledSeries series, int from, int to, int horizon);

}
