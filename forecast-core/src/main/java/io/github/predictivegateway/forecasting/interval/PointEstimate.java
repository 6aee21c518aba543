package io.github.predictivegateway.forecasting.interval;

/**
 * Which point of the back-transformed forecast distribution is served as the forecast's
 * {@code mean}. With calibration errors {@code e} at a horizon, the served point is
 * {@code expm1(zhat + c)} where:
 * <ul>
 * <li>{@link #MEDIAN}: {@code c = median(e)}, the median on the original scale (the
 * transform is monotone), which minimises absolute error, the error MASE judges;</li>
 * <li>{@link #MEAN}: {@code c = log(mean(exp(e)))}, Duan's smearing estimate of the mean
 * of {@code 1 + y}, unbiased for totals but pulled up by bursts;</li>
 * <li>{@link #MODEL}: {@code c = 0}, the model's own point transformed back (neither the
 * mean nor the median when the model is biased on the log scale).</li>
 * </ul>
 */
public enum PointEstimate {

	MEDIAN, MEAN, MODEL

}
