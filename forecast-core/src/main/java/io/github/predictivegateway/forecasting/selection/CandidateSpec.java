package io.github.predictivegateway.forecasting.selection;

import java.util.List;

import io.github.predictivegateway.forecasting.model.PointModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;

/**
 * A candidate of the per-series selection: a label and how to fit it on
 * {@code z[from..end)}. An ensemble candidate has no fitter of its own; it averages the
 * named members.
 */
record CandidateSpec(String name, Fitter fitter, List<String> members) {

	/** Fits a model on a window of a scaled series. */
	@FunctionalInterface
	interface Fitter {

		PointModel fit(ScaledSeries series, int from, int end);

	}

	static CandidateSpec single(String name, Fitter fitter) {
		return new CandidateSpec(name, fitter, List.of());
	}

	static CandidateSpec ensemble(List<String> members) {
		return new CandidateSpec("ensemble(" + String.join("+", members) + ")", null, List.copyOf(members));
	}

	boolean isEnsemble() {
		return !members.isEmpty();
	}
}
