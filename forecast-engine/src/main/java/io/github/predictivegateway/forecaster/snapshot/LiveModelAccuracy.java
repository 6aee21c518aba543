package io.github.predictivegateway.forecaster.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecasting.backtest.ForecastMetrics;
import io.github.predictivegateway.forecasting.backtest.ForecastRow;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * How the live models' forecasts did once served: per series, the one-step-ahead forecast
 * last served for each step (what a gateway reserved from, prepared during the step
 * before) is kept for the last {@code windowSteps} steps and compared with the demand the
 * step then had once it closed. The figures are the backtest's ({@link ForecastMetrics},
 * the same computation), so that {@code rollingMase} in {@code GET /v1/models} reads on
 * the scale of the model's held-out {@code mase} beside it:
 *
 * <ul>
 * <li>MASE = mean |actual − mean| over the closed steps with a forecast, divided by the
 * one-season naive error mean |y[t] − y[t − season]| over the series' recent history (NaN
 * while the history is not longer than a season, or that error is 0): 1 is a model no
 * better than "the same time yesterday";</li>
 * <li>coverage = share of those steps whose actual fell in [lower, upper].</li>
 * </ul>
 * Late usage (within the dedupe window) is part of the actual: it is read when asked.
 *
 * <p>
 * Not the gateway's {@code ForecastAccuracy} (meter {@code predictive.forecast.mase}),
 * which asks another question on purpose: whether the forecasts a gateway pre-allocated
 * from, whichever forecaster served them, beat reacting to the last step. It is pooled
 * per resource type and bounded tenant tag, and scaled by the one-step naive error within
 * its window, since a gateway keeps no day of history per series.
 */
public final class LiveModelAccuracy {

	private final int windowSteps;

	private final Map<SeriesKey, @Nullable Issued[]> issued = new HashMap<>();

	/** What one series' forecasts scored: NaN figures when {@code points} is 0. */
	public record Accuracy(int points, double mase, double coverage) {

		static final Accuracy NONE = new Accuracy(0, Double.NaN, Double.NaN);

	}

	private record Issued(long step, double mean, double lower, double upper) {
	}

	/**
	 * @param windowSteps how many recent steps the figures cover, at least 1
	 */
	public LiveModelAccuracy(int windowSteps) {
		if (windowSteps < 1) {
			throw new IllegalArgumentException("the accuracy window must be at least one step, got " + windowSteps);
		}
		this.windowSteps = windowSteps;
	}

	/**
	 * Notes the forecast served for {@code step}; a later one for the same step replaces
	 * it.
	 */
	public synchronized void issued(SeriesKey series, long step, double mean, double lower, double upper) {
		@Nullable Issued[] ring = this.issued.computeIfAbsent(series, s -> new Issued[this.windowSteps]);
		ring[(int) Math.floorMod(step, (long) this.windowSteps)] = new Issued(step, mean, lower, upper);
	}

	/**
	 * Scores the forecasts of {@code series} for the steps before {@code currentStep}
	 * that are still in the window.
	 * @param history the series' demand per step up to (not including)
	 * {@code currentStep}
	 */
	public Accuracy accuracy(SeriesKey series, SeriesHistory history, long currentStep) {
		@Nullable Issued[] ring;
		synchronized (this) {
			@Nullable Issued[] held = this.issued.get(series);
			ring = (held != null) ? held.clone() : null;
		}
		if (ring == null) {
			return Accuracy.NONE;
		}
		long firstStep = history.startEpochSecond() / history.stepSeconds();
		List<ForecastRow> rows = new ArrayList<>();
		for (Issued forecast : ring) {
			if (forecast == null || forecast.step() >= currentStep || forecast.step() < currentStep - this.windowSteps
					|| forecast.step() < firstStep) {
				continue;
			}
			int index = (int) (forecast.step() - firstStep);
			if (index >= history.length()) {
				continue;
			}
			rows.add(new ForecastRow(history.name(), "served", index, 1, history.value(index), forecast.mean(),
					forecast.lower(), forecast.upper()));
		}
		if (rows.isEmpty()) {
			return Accuracy.NONE;
		}
		ForecastMetrics metrics = ForecastMetrics.of(rows, seasonalNaiveError(history));
		return new Accuracy(metrics.points(), metrics.mase(), metrics.coverage());
	}

	private static double seasonalNaiveError(SeriesHistory history) {
		int season = history.season();
		int n = history.length();
		if (n <= season) {
			return Double.NaN;
		}
		double sum = 0;
		for (int t = season; t < n; t++) {
			sum += Math.abs(history.value(t) - history.value(t - season));
		}
		double scale = sum / (n - season);
		return (scale > 0) ? scale : Double.NaN;
	}

}
