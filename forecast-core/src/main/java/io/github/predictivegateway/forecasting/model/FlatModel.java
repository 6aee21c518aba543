package io.github.predictivegateway.forecasting.model;

import java.util.Map;

/**
 * Flat forecast for series too short for a seasonal model: the mean of the last {@code w}
 * values on the fitting scale, {@code zhat = (1/w) sum_{i=1..w} z[o - i]}, for every
 * horizon (zero for an empty history).
 */
public final class FlatModel implements PointModel {

	private final int window;

	public FlatModel(int window) {
		if (window < 1) {
			throw new IllegalArgumentException("window must be >= 1, was " + window);
		}
		this.window = window;
	}

	/** Restores a model from its artifact state. */
	public static FlatModel fromState(ModelState state) {
		return new FlatModel(state.integer("window", 1, 1_000_000));
	}

	@Override
	public ModelKind kind() {
		return ModelKind.FLAT;
	}

	@Override
	public double[] forecast(ScaledSeries series, int origin, int horizon) {
		int w = Math.min(window, origin);
		double sum = 0;
		for (int i = 1; i <= w; i++) {
			sum += series.z(origin - i);
		}
		double level = w == 0 ? 0.0 : sum / w;
		double[] out = new double[horizon];
		java.util.Arrays.fill(out, level);
		return out;
	}

	@Override
	public ModelState state() {
		return new ModelState(kind(), Map.of("window", new double[] { window }));
	}

}
