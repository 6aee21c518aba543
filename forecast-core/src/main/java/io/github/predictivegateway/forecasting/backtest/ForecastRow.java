package io.github.predictivegateway.forecasting.backtest;

/**
 * One scored forecast point, as written to the rows CSV
 * {@code series,model,origin_index,h,actual,mean,lower,upper} followed by the quantiles
 * at {@link #QUANTILE_LEVELS} (empty for a model that gives none).
 *
 * @param originIndex 0-based index (after resampling) of the first forecast step of the
 * origin
 * @param h horizon, 1-based: the point forecasts step {@code originIndex + h - 1}
 * @param quantiles the quantiles at {@link #QUANTILE_LEVELS}, or empty
 */
public record ForecastRow(String series, String model, int originIndex, int h, double actual, double mean, double lower,
		double upper, double[] quantiles) {

	/** The quantile levels a backtest asks the served model for. */
	static final double[] QUANTILE_LEVELS = { 0.5, 0.9, 0.95, 0.975, 0.99 };

	public ForecastRow {
		if (quantiles.length != 0 && quantiles.length != QUANTILE_LEVELS.length) {
			throw new IllegalArgumentException("quantiles are given at every level or none");
		}
		quantiles = quantiles.clone();
	}

	/** A row without quantiles. */
	public ForecastRow(String series, String model, int originIndex, int h, double actual, double mean, double lower,
			double upper) {
		this(series, model, originIndex, h, actual, mean, lower, upper, new double[0]);
	}

	@Override
	public double[] quantiles() {
		return this.quantiles.clone();
	}

	/** The quantile at level {@code 0.95}, NaN without quantiles. */
	public double quantile95() {
		return this.quantiles.length == 0 ? Double.NaN : this.quantiles[2];
	}

}
