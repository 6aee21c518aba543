package io.github.predictivegateway.forecasting.model;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of fitted model; the id is what rows, reports and artifacts carry. */
public enum ModelKind {

	/** Last value of the previous day at the same time of day. */
	SEASONAL_NAIVE("seasonal-naive"),
	/**
	 * Recent level held flat: for series with too little history for anything seasonal.
	 */
	FLAT("flat"),
	/** Additive Holt-Winters with damped trend and a daily season. */
	HOLT_WINTERS("holt-winters"),
	/** Fourier time-of-day and day-of-week regression with AR errors. */
	HARMONIC_AR("harmonic-ar"),
	/**
	 * {@link #HARMONIC_AR} whose AR errors also take another series' residual {@code k}
	 * steps earlier.
	 */
	LAGGED_HARMONIC_AR("lagged-harmonic-ar"),
	/** Equal-weight mean of members on the fitting scale. */
	ENSEMBLE("ensemble"),
	/**
	 * Daily and weekly seasonal profiles with a smoothed level (MSTL-style
	 * decomposition).
	 */
	SEASONAL_PROFILE("mstl"),
	/**
	 * Members weighted at every origin by their errors over the steps just before it.
	 */
	ADAPTIVE_ENSEMBLE("adaptive");

	private final String id;

	ModelKind(String id) {
		this.id = id;
	}

	public String id() {
		return id;
	}

	/** The kind with this id, if any. */
	public static Optional<ModelKind> fromId(String id) {
		return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
	}

}
