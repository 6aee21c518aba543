package io.github.predictivegateway.forecasting;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.interval.PointEstimate;
import io.github.predictivegateway.forecasting.interval.RecentCalibration;
import io.github.predictivegateway.forecasting.interval.RecentErrors;
import io.github.predictivegateway.forecasting.model.ScaledSeries;

/**
 * Turns a model's point forecast on the fitting scale into the served forecast: the
 * centre, the central interval and the quantiles asked for, back on the original scale.
 *
 * <p>
 * With a {@link RecentCalibration} they come from the model's errors over the window
 * before the origin ({@link RecentErrors}, the weighted median as the centre), and every
 * bound stays at or below {@code cap = max + capRange (max - min)} of the values observed
 * over that window. Without one, or when the history before the origin is too short, the
 * trained {@link ConformalCalibration} is applied; its quantiles at other levels than its
 * interval's are read on a normal scale between its centre and the bound on that side:
 * {@code c + (hi - c) Phi^-1(q) / Phi^-1(1 - a/2)} above the centre, likewise below.
 */
final class ForecastBands {

	private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

	private ForecastBands() {
	}

	/**
	 * The state at origin {@code o} from the model's rows (row {@code i} forecast from
	 * origin {@code first + i}, at least up to {@code o - 1}).
	 */
	static ServingState state(TrainedModel trained, ScaledSeries series, int o, int horizon, double @Nullable [][] rows,
			int first, double @Nullable [] weights) {
		RecentCalibration recent = trained.recent();
		ConformalCalibration cal = trained.calibration();
		if (recent == null || rows == null) {
			return new ServingState(o, weights, null, cal, Double.POSITIVE_INFINITY);
		}
		int from = Math.max(first, o - recent.window() - horizon);
		RecentErrors errors = null;
		if (o > from) {
			errors = RecentErrors.of(Arrays.copyOfRange(rows, from - first, o - first), from, o, horizon,
					recent.halfLife(), recent.minSamples(), series::z);
		}
		if (errors != null) {
			cal = errors.calibration(cal.scale(), recent.adjusted(cal.level() + (1 - cal.level()) / 2) * 2 - 1,
					PointEstimate.MEDIAN);
		}
		return new ServingState(o, weights, errors, cal,
				cap(series, Math.max(0, o - recent.window()), o, recent.capRange()));
	}

	/** The forecast from origin {@code o} for the model's point {@code z}. */
	static Forecast forecast(TrainedModel trained, ScaledSeries series, int o, double[] z, double[] levels,
			ServingState state) {
		int horizon = z.length;
		ConformalCalibration cal = state.calibration();
		RecentErrors errors = state.errors();
		RecentCalibration recent = trained.recent();
		double cap = state.cap();
		double[] mean = new double[horizon];
		double[] lower = new double[horizon];
		double[] upper = new double[horizon];
		double[][] quantiles = new double[levels.length][horizon];
		for (int h = 1; h <= horizon; h++) {
			double[] m = cal.apply(z[h - 1], h);
			upper[h - 1] = Math.min(m[2], cap);
			lower[h - 1] = Math.min(m[1], upper[h - 1]);
			mean[h - 1] = Math.min(m[0], upper[h - 1]);
			for (int i = 0; i < levels.length; i++) {
				double e = errors != null ? errors.quantile(h, recent.adjusted(levels[i]))
						: trainedQuantile(cal, h, levels[i]);
				quantiles[i][h - 1] = Math.min(cap, Math.max(0.0, cal.scale().inverse(z[h - 1] + e)));
			}
		}
		return new Forecast(series.epochSecondOf(o), trained.stepSeconds(), mean, lower, upper, levels, quantiles);
	}

	/** {@code max + capRange (max - min)} of the values in {@code [from, to)}. */
	private static double cap(ScaledSeries series, int from, int to, double capRange) {
		if (to <= from) {
			return Double.POSITIVE_INFINITY;
		}
		double max = Double.NEGATIVE_INFINITY;
		double min = Double.POSITIVE_INFINITY;
		for (int t = from; t < to; t++) {
			double z = series.z(t);
			max = Math.max(max, z);
			min = Math.min(min, z);
		}
		double hi = series.scale().inverse(max);
		return hi + capRange * (hi - series.scale().inverse(min));
	}

	private static double trainedQuantile(ConformalCalibration cal, int h, double q) {
		int i = Math.min(h, cal.horizons()) - 1;
		double c = cal.centre()[i];
		if (q == 0.5) {
			return c;
		}
		double edge = NORMAL.inverseCumulativeProbability(1 - (1 - cal.level()) / 2);
		double k = NORMAL.inverseCumulativeProbability(q) / edge;
		return q > 0.5 ? c + (cal.upper()[i] - c) * k : c + (c - cal.lower()[i]) * k;
	}

}
