package io.github.predictivegateway.forecasting.model;

import java.util.List;
import java.util.Map;

/**
 * Equal-weight combination on the fitting scale: {@code zhat = (1/M) sum_m zhat_m}.
 * Averaging forecasts of models that err differently (a smoothing filter and a
 * regression) usually beats either, and is cheap.
 */
public final class EnsembleModel implements OnePassModel {

	private final List<PointModel> members;

	public EnsembleModel(List<PointModel> members) {
		if (members.isEmpty()) {
			throw new IllegalArgumentException("an ensemble needs at least one member");
		}
		this.members = List.copyOf(members);
	}

	public List<PointModel> members() {
		return members;
	}

	@Override
	public ModelKind kind() {
		return ModelKind.ENSEMBLE;
	}

	@Override
	public int firstOrigin() {
		return this.members.stream().mapToInt(PointModel::firstOrigin).max().orElse(0);
	}

	@Override
	public double[][] forecastEach(ScaledSeries series, int from, int to, int horizon) {
		double[][] sum = null;
		for (PointModel m : members) {
			double[][] f = m.forecastEach(series, from, to, horizon);
			if (sum == null) {
				sum = f;
				continue;
			}
			for (int i = 0; i < f.length; i++) {
				for (int h = 0; h < horizon; h++) {
					sum[i][h] += f[i][h];
				}
			}
		}
		for (double[] row : sum) {
			for (int h = 0; h < horizon; h++) {
				row[h] /= members.size();
			}
		}
		return sum;
	}

	@Override
	public ModelState state() {
		return new ModelState(kind(), Map.of(), members.stream().map(PointModel::state).toList());
	}

}
