package io.github.predictivegateway.forecasting.selection;

import java.util.List;

import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.SelectionScore;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;

/**
 * The served model's score on the last origins before the training end, as it would have
 * been served: from origins {@code H} steps apart ending {@code H} steps before
 * {@code end}, each forecast's interval calibrated only on the errors observed before its
 * origin, then judged on the {@code H} steps after it. Coverage so measured is held out:
 * no error scored was used to set the interval that scores it. Misses are also counted
 * per side: a central interval at level {@code 1 - a} is two one-sided bounds, each of
 * which should be exceeded at most a share {@code a / 2} of the time.
 */
final class HeldOutScore {

	private HeldOutScore() {
	}

	/**
	 * @param origins how many origins to score (fewer when the history is short)
	 * @param scale the MASE scale (NaN: MASE is NaN)
	 */
	static HeldOut of(TrainedModel served, ScaledSeries s, int end, int horizon, int origins, double scale) {
		int last = end - horizon;
		int first = Math.max(served.model().firstOrigin(), last - (origins - 1) * horizon);
		if (last < first) {
			return new HeldOut(SelectionScore.none(), Double.NaN, Double.NaN);
		}
		first = last - (last - first) / horizon * horizon;
		List<Forecast> forecasts = served.forecastsFrom(s, first, last + 1, horizon, horizon, new double[0]);
		Tally tally = new Tally();
		for (int i = 0; i < forecasts.size(); i++) {
			int o = first + i * horizon;
			forecasts.get(i)
				.forEachStep((h, mean, lower, upper, quantiles) -> tally.add(s.y(o + h - 1), mean, lower, upper));
		}
		return new HeldOut(
				new SelectionScore(scale > 0 ? tally.ae / tally.n / scale : Double.NaN,
						(double) tally.covered / tally.n, tally.n),
				(double) tally.above / tally.n, (double) tally.below / tally.n);
	}

	/**
	 * The score and the shares of held-out actuals above the upper bound and below the
	 * lower one (NaN without any).
	 */
	record HeldOut(SelectionScore score, double above, double below) {

		/** The larger of the two sides' miss rates. */
		double worseSide() {
			return Math.max(this.above, this.below);
		}

	}

	/** Absolute errors and interval hits, summed in the order the steps come. */
	private static final class Tally {

		private double ae;

		private int covered;

		private int above;

		private int below;

		private int n;

		void add(double y, double mean, double lower, double upper) {
			this.ae += Math.abs(y - mean);
			if (lower <= y + 1e-9 && y <= upper + 1e-9) {
				this.covered++;
			}
			else if (y > upper) {
				this.above++;
			}
			else {
				this.below++;
			}
			this.n++;
		}

	}

}
