package io.github.predictivegateway.observe;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Forecast accuracy over a rolling window of the last {@code window} closed steps, per
 * resource type and value of the bounded tenant tag ({@link TenantTags}: a listed tenant
 * alone, every other tenant pooled under {@value TenantTags#OTHER}).
 *
 * <p>
 * Only steps whose forecast has an interval count ({@link StepObservation#hasInterval()}:
 * a declared amount is a decision, not a forecast). Over the (series, step) pairs of the
 * window, with offered demand {@code y[s]} and forecast {@code [lower, mean, upper]}:
 * <pre>
 *   MASE     = mean(|y[s] − mean[s]|) / mean(|y[s] − y[s−1]|)
 *   coverage = share of pairs with lower[s] ≤ y[s] ≤ upper[s]
 * </pre> The scale is the mean absolute step-to-step change of the same series' demand in
 * the same window (the one-step naive forecast's error), so 1 means "no better than
 * saying the next step repeats this one". {@code y[s−1]} is the series' demand in the
 * previous step (0 if it was not seen then); a series' first step ever seen has no change
 * and adds to the numerator only. Both are NaN until the window holds a pair (MASE also
 * while every change is 0). Thread-safe: written once per step, read by gauges.
 *
 * <p>
 * This is deliberately not the forecaster's rolling accuracy ({@code LiveModelAccuracy},
 * {@code rollingMase} in the sidecar's {@code GET /v1/models}), which scales by the
 * one-day seasonal naive error to read beside the model's backtest. The question here is
 * the gateway's: did pre-allocating from forecasts (whichever forecaster served them,
 * after staleness decay) beat reacting to the last step, the forecast a reactive limiter
 * implicitly makes? It needs nothing beyond its window and one previous value per series;
 * a seasonal scale would need a day of demand per series in the gateway.
 */
public final class ForecastAccuracy implements StepObserver {

	private final TenantTags tags;

	private final int window;

	private final ConcurrentHashMap<AccuracyKey, Window> windows = new ConcurrentHashMap<>();

	private final Cache<SeriesKey, Previous> previous;

	/**
	 * @param window closed steps the figures cover, at least 1
	 * @param maxSeries series whose previous demand is remembered (least recently seen
	 * forgotten first)
	 */
	public ForecastAccuracy(TenantTags tags, int window, long maxSeries) {
		if (window < 1) {
			throw new IllegalArgumentException("accuracy window must be at least 1 step, got " + window);
		}
		this.tags = tags;
		this.window = window;
		this.previous = Caffeine.newBuilder().maximumSize(maxSeries).executor(Runnable::run).build();
	}

	/**
	 * Which figures there are: one per resource type and tenant tag value seen with a
	 * forecast interval.
	 */
	public record AccuracyKey(String resource, String tenant) {
	}

	@Override
	public void stepClosed(ClosedStep closed) {
		for (StepObservation observation : closed.observations()) {
			SeriesKey series = new SeriesKey(observation.tenant(), observation.resource());
			Previous before = this.previous.getIfPresent(series);
			this.previous.put(series, new Previous(observation.step(), observation.offered()));
			if (!observation.hasInterval()) {
				continue;
			}
			double y = observation.offered();
			double change = Double.NaN;
			if (before != null) {
				change = Math.abs(y - ((before.step() == observation.step() - 1) ? before.demand() : 0));
			}
			boolean covered = y >= observation.forecast().lower() && y <= observation.forecast().upper();
			AccuracyKey key = new AccuracyKey(observation.resource(), this.tags.tagFor(observation.tenant()));
			this.windows.computeIfAbsent(key, k -> new Window())
				.add(observation.step(), Math.abs(y - observation.forecast().mean()), change, covered, this.window);
		}
	}

	/** Rolling MASE for the key, NaN when there is nothing to judge. */
	public double mase(AccuracyKey key) {
		Window w = this.windows.get(key);
		return (w != null) ? w.mase() : Double.NaN;
	}

	/** Rolling interval coverage for the key, NaN when there is nothing to judge. */
	public double coverage(AccuracyKey key) {
		Window w = this.windows.get(key);
		return (w != null) ? w.coverage() : Double.NaN;
	}

	public Set<AccuracyKey> keys() {
		return Set.copyOf(this.windows.keySet());
	}

	private record Previous(long step, double demand) {
	}

	/** Per-step sums of the window's pairs, oldest first. */
	private static final class Window {

		private final ArrayDeque<double[]> steps = new ArrayDeque<>();

		private static final int STEP = 0;

		private static final int ERRORS = 1;

		private static final int PAIRS = 2;

		private static final int CHANGES = 3;

		private static final int CHANGE_PAIRS = 4;

		private static final int COVERED = 5;

		synchronized void add(long step, double error, double change, boolean covered, int window) {
			double[] sums = this.steps.peekLast();
			if (sums == null || sums[STEP] != step) {
				sums = new double[6];
				sums[STEP] = step;
				this.steps.addLast(sums);
			}
			sums[ERRORS] += error;
			sums[PAIRS]++;
			if (!Double.isNaN(change)) {
				sums[CHANGES] += change;
				sums[CHANGE_PAIRS]++;
			}
			if (covered) {
				sums[COVERED]++;
			}
			while (this.steps.peekFirst()[STEP] <= step - window) {
				this.steps.removeFirst();
			}
		}

		synchronized double mase() {
			double[] total = total();
			double scale = (total[CHANGE_PAIRS] > 0) ? total[CHANGES] / total[CHANGE_PAIRS] : 0;
			return (total[PAIRS] > 0 && scale > 0) ? (total[ERRORS] / total[PAIRS]) / scale : Double.NaN;
		}

		synchronized double coverage() {
			double[] total = total();
			return (total[PAIRS] > 0) ? total[COVERED] / total[PAIRS] : Double.NaN;
		}

		private double[] total() {
			double[] total = new double[6];
			for (double[] sums : this.steps) {
				for (int i = 1; i < sums.length; i++) {
					total[i] += sums[i];
				}
			}
			return total;
		}

	}

}
