package io.github.predictivegateway.forecasting.series;

import java.util.Arrays;
import java.util.Objects;

/**
 * A regularly spaced, resampled series: {@code values[i]} is the total in the step that
 * starts at {@code startEpochSecond + i * stepSeconds} (UTC). Immutable; the values array
 * is copied in and out.
 *
 * @param name series name (file base name, plus {@code :column} when a file holds several
 * columns)
 * @param startEpochSecond start of step 0, in seconds since the epoch; aligned to the
 * step by readers
 * @param stepSeconds the step length in seconds
 * @param values per-step totals (finite)
 */
public record SeriesHistory(String name, long startEpochSecond, int stepSeconds, double[] values) {

	public SeriesHistory {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(values, "values");
		if (stepSeconds <= 0) {
			throw new IllegalArgumentException("stepSeconds must be > 0, was " + stepSeconds);
		}
		values = values.clone();
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) {
				throw new IllegalArgumentException("value " + i + " of series " + name + " is not finite");
			}
		}
	}

	@Override
	public double[] values() {
		return values.clone();
	}

	/** The value of step {@code i} without copying the array. */
	public double value(int i) {
		return values[i];
	}

	public int length() {
		return values.length;
	}

	/** Steps per day (the daily season), e.g. 288 at 5 minutes. */
	public int season() {
		return Math.max(1, 86_400 / stepSeconds);
	}

	/** Start of step {@code i} in epoch seconds. */
	public long epochSecondOf(int i) {
		return startEpochSecond + (long) i * stepSeconds;
	}

	/** The first {@code n} steps (the history before index {@code n}). */
	public SeriesHistory head(int n) {
		return new SeriesHistory(name, startEpochSecond, stepSeconds, Arrays.copyOf(values, n));
	}

	/**
	 * Steps {@code from} (inclusive) to {@code to} (exclusive), keeping absolute time.
	 */
	public SeriesHistory slice(int from, int to) {
		return new SeriesHistory(name, epochSecondOf(from), stepSeconds, Arrays.copyOfRange(values, from, to));
	}

	/** The last {@code n} steps (or all of them when shorter). */
	public SeriesHistory tail(int n) {
		int from = Math.max(0, values.length - n);
		return slice(from, values.length);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof SeriesHistory s && s.name.equals(name) && s.startEpochSecond == startEpochSecond
				&& s.stepSeconds == stepSeconds && Arrays.equals(s.values, values);
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, startEpochSecond, stepSeconds, Arrays.hashCode(values));
	}

	@Override
	public String toString() {
		return "SeriesHistory[" + name + ", start=" + startEpochSecond + ", step=" + stepSeconds + "s, n="
				+ values.length + "]";
	}
}
