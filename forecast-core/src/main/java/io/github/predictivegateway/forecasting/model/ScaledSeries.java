package io.github.predictivegateway.forecasting.model;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A series on the fitting scale {@code z = log1p(max(0, y))}, which stabilises the variance of counts whose noise grows
 * with their level, plus (optionally) a leading series on the same scale aligned to the same step indices.
 *
 * <p>Models read {@code z[0..origin)} only; an index at or after the origin is never looked at, which is what makes a
 * backtest over one shared array honest.
 */
public final class ScaledSeries {

    private final long startEpochSecond;
    private final int stepSeconds;
    private final double[] z;
    private final double[] leader;

    private ScaledSeries(long startEpochSecond, int stepSeconds, double[] z, double[] leader) {
        this.startEpochSecond = startEpochSecond;
        this.stepSeconds = stepSeconds;
        this.z = z;
        this.leader = leader;
    }

    /** The series on the fitting scale. */
    public static ScaledSeries of(SeriesHistory history) {
        return new ScaledSeries(history.startEpochSecond(), history.stepSeconds(), toScale(history.values()), null);
    }

    /**
     * The series with a leading series aligned by absolute time; leader steps outside its own range are NaN, which
     * models read as "unknown" (a zero residual).
     */
    public static ScaledSeries of(SeriesHistory history, SeriesHistory leader) {
        if (leader == null) {
            return of(history);
        }
        if (leader.stepSeconds() != history.stepSeconds()) {
            throw new IllegalArgumentException("leader step " + leader.stepSeconds() + "s differs from "
                    + history.stepSeconds() + "s");
        }
        double[] lz = toScale(leader.values());
        double[] aligned = new double[history.length()];
        long shift = (history.startEpochSecond() - leader.startEpochSecond()) / history.stepSeconds();
        for (int i = 0; i < aligned.length; i++) {
            long j = i + shift;
            aligned[i] = j >= 0 && j < lz.length ? lz[(int) j] : Double.NaN;
        }
        return new ScaledSeries(history.startEpochSecond(), history.stepSeconds(), toScale(history.values()), aligned);
    }

    /** {@code log1p(max(0, y))} element-wise. */
    public static double[] toScale(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = Math.log1p(Math.max(0.0, y[i]));
        }
        return z;
    }

    /** Inverse of the fitting scale, floored at zero: {@code max(0, expm1(z))}. */
    public static double fromScale(double z) {
        return Math.max(0.0, Math.expm1(z));
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

    /** Leader value on the fitting scale at step {@code i}, NaN when unknown or absent. */
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
        return new ScaledSeries(startEpochSecond, stepSeconds, l, null);
    }
}
