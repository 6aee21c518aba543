package io.github.predictivegateway.forecasting.model;

/**
 * Turns an artifact's {@link ModelState} back into a model, validating it; unknown kinds
 * are rejected.
 */
public final class ModelStates {

	private ModelStates() {
	}

	/**
	 * Restores a model.
	 * @throws IllegalArgumentException naming the kind and parameter when the state is
	 * incomplete or out of range
	 */
	public static PointModel restore(ModelState state) {
		return switch (state.kind()) {
			case SEASONAL_NAIVE -> SeasonalNaiveModel.fromState(state);
			case FLAT -> FlatModel.fromState(state);
			case HOLT_WINTERS -> HoltWintersModel.fromState(state);
			case HARMONIC_AR -> HarmonicArModel.fromState(state);
			case LAGGED_HARMONIC_AR -> LaggedHarmonicArModel.fromState(state);
			case SEASONAL_PROFILE -> SeasonalProfileModel.fromState(state);
			case ADAPTIVE_ENSEMBLE ->
				AdaptiveEnsembleModel.fromState(state, state.members().stream().map(ModelStates::restore).toList());
			case ENSEMBLE -> {
				if (state.members().isEmpty()) {
					throw new IllegalArgumentException("ensemble: no members");
				}
				yield new EnsembleModel(state.members().stream().map(ModelStates::restore).toList());
			}
		};
	}

}
