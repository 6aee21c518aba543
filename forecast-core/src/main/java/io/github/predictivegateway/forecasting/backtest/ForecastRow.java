package io.github.predictivegateway.forecasting.backtest;

/**
 * One scored forecast point, as written to the rows CSV
 * {@code series,model,origin_index,h,actual,mean,lower,upper}.
 *
 * @param originIndex 0-based index (after resampling) of the first forecast step of the
 * origin
 * @param h horizon, 1-based: the point forecasts step {@code originIndex + h - 1}
 */
public record ForecastRow(String series, String model, int originIndex, int h, double actual, double mean, double lower,
		double upper) {
}
