package io.github.predictivegateway.forecasting.model;

/**
 * A fitted model producing point forecasts on the fitting scale (see
 * {@link FittingScale}). Immutable and thread-safe; it can forecast from any origin of a
 * series at or after the data it was fit on (it re-reads the recent data it needs), so a
 * model trained daily serves forecasts every step from the latest usage.
 */
public interface PointModel {

	ModelKind kind();

	/**
	 * Point forecasts on the fitting scale for steps
	 * {@code origin .. origin + horizon - 1}, reading only {@code z[0..origin)}.
	 */
	double[] forecast(ScaledSeries series, int origin, int horizon);

	/**
	 * Forecasts from every origin in {@code [from, to)}; row {@code i} is the forecast
	 * from origin {@code from + i}. Models override this with a single pass where they
	 * can.
	 */
	default double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		double[][] out = new double[Math.max(0, to - from)][];
		for (int o = from; o < to; o++) {
			out[o - from] = forecast(series, o, horizon);
		}
		return out;
	}

	/** Earliest origin the model can forecast from (0 unless it needs history). */
	default int firstOrigin() {
		return 0;
	}

	/**
	 * Parameters for the artifact file; {@link ModelStates#restore} turns them back into
	 * an equal model.
	 */
	ModelState state();

}
