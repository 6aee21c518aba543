package io.github.predictivegateway.forecasting.model;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A series on the fitting scale (by default {@code z = log1p(max(0, y))}, see
 * {@link FittingScale}), plus (optionally) a leading series on the same scale aligned to
 * the same step indices.
 *
 * <p>
 * Models read {@code z[0..origin)} only; an index at or after the origin is never looked
 * at, which is what makes a backtest over one shared array honest.
 */
public final class ScaledSeries {

	private final FittingScale scale;

	private final long startEpochSecond;

	private final int stepSeconds;

	private final double[] z;

	private final double[] leader;

	private ScaledSeries(FittingScale scale, long startEpochSecond, int stepSeconds, double[] z, double[] leader) {
		this.scale = scale;
		this.startEpochSecond = startEpochSecond;
		this.stepSeconds = stepSeconds;
		this.z = z;
		this.leader = leader;
	}

	/** The series on the {@code log1p} scale. */
	public static ScaledSeries of(SeriesHistory history) {
		return of(history, null, FittingScale.LOG1P);
	}

	/** The series with a leader (or null) on the {@code log1p} scale. */
	public static ScaledSeries of(SeriesHistory history, SeriesHistory leader) {
		return of(history, leader, FittingScale.LOG1P);
	}

	/**
	 * The series with a leading series aligned by absolute time; leader steps outside its
	 * own range are NaN, which models read as "unknown" (a zero residual).
	 */
	public static ScaledSeries of(SeriesHistory history, SeriesHistory leader, FittingScale scale) {
		if (leader == null) {
			return new ScaledSeries(scale, history.startEpochSecond(), history.stepSeconds(),
					toScale(history.values(), scale), null);
		}
		if (leader.stepSeconds() != history.stepSeconds()) {
			throw new IllegalArgumentException(
					"leader step " + leader.stepSeconds() + "s differs from " + history.stepSeconds() + "s");
		}
		double[] lz = toScale(leader.values(), scale);
		double[] aligned = new double[history.length()];
		long shift = (history.startEpochSecond() - leader.startEpochSecond()) / history.stepSeconds();
		for (int i = 0; i < aligned.length; i++) {
			long j = i + shift;
			aligned[i] = j >= 0 && j < lz.length ? lz[(int) j] : Double.NaN;
		}
		return new ScaledSeries(scale, history.startEpochSecond(), history.stepSeconds(),
				toScale(history.values(), scale), aligned);
	}

	private static double[] toScale(double[] y, FittingScale scale) {
		double[] z = new double[y.length];
		for (int i = 0; i < y.length; i++) {
			z[i] = scale.forward(y[i]);
		}
		return z;
	}

	public FittingScale scale() {
		return scale;
	}

	/** Value on the original scale at step {@code i}. */
	public double y(int i) {
		return scale.inverse(z[i]);
	}

	public long startEpochSecond() {
		return startEpochSecond;
	}

	public int stepSeconds() {
		return stepSeconds;
	}

	public int length() {
		return z.length;
	}

	/** Steps per day. */
	public int season() {
		return Math.max(1, 86_400 / stepSeconds);
	}

	/** Value on the fitting scale at step {@code i}. */
	public double z(int i) {
		return z[i];
	}

	public boolean hasLeader() {
		return leader != null;
	}

	/**
	 * Leader value on the fitting scale at step {@code i}, NaN when unknown or absent.
	 */
	public double leader(int i) {
		return leader == null || i < 0 || i >= leader.length ? Double.NaN : leader[i];
	}

	/** Start of step {@code i} in epoch seconds. */
	public long epochSecondOf(int i) {
		return startEpochSecond + (long) i * stepSeconds;
	}

	/** The leading series alone, as its own scaled series on the same indices. */
	ScaledSeries leaderSeries() {
		if (leader == null) {
			throw new IllegalStateException("no leader");
		}
		double[] l = leader.clone();
		for (int i = 0; i < l.length; i++) {
			if (Double.isNaN(l[i])) {
				l[i] = 0;
			}
		}
		return new ScaledSeries(scale, startEpochSecond, stepSeconds, l, null);
	}

}
