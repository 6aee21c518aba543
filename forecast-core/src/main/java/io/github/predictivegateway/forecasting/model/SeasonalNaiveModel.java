package io.github.predictivegateway.forecasting.model;

import java.util.Map;

/**
 * Seasonal naive with a daily season {@code s}:
 * {@code zhat[o + h - 1] = z[o + h - 1 - s]} for {@code h <= s}, and the same time of the
 * last observed day beyond that.
 */
public final class SeasonalNaiveModel implements PointModel {

	private final int season;

	public SeasonalNaiveModel(int season) {
		if (season < 1) {
			throw new IllegalArgumentException("season must be >= 1, was " + season);
		}
		this.season = season;
	}

	/** Restores a model from its artifact state. */
	public static SeasonalNaiveModel fromState(ModelState state) {
		return new SeasonalNaiveModel(state.integer("season", 1, 1_000_000));
	}

	@Override
	public ModelKind kind() {
		return ModelKind.SEASONAL_NAIVE;
	}

	@Override
	public int firstOrigin() {
		return this.season;
	}

	@Override
	public double[] forecast(ScaledSeries series, int origin, int horizon) {
		if (origin < season) {
			throw new IllegalArgumentException("seasonal naive needs one season (" + season + " steps) of history");
		}
		double[] out = new double[horizon];
		for (int h = 1; h <= horizon; h++) {
			out[h - 1] = series.z(origin - season + (h - 1) % season);
		}
		return out;
	}

	@Override
	public ModelState state() {
		return new ModelState(kind(), Map.of("season", new double[] { season }));
	}

}
