package io.github.predictivegateway.forecasting.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * Detects pairs where one series leads another by {@code k} steps,
 * {@code 1 <= k <= maxLag}.
 *
 * <p>
 * Each series is prepared as the first difference of its de-seasonalised log series,
 * {@code d_t = r_t - r_{t-1}} with {@code r_t = log1p(y_t) - m(phase(t))} and {@code m}
 * the mean of {@code log1p(y)} per time-of-day phase, so that a shared daily rhythm does
 * not pass for a lead. For a pair {@code (A, B)} aligned by time, the cross-correlation
 * {@code c(k) = corr(dA_{t-k}, dB_t)} is computed for {@code k = -maxLag..maxLag}.
 * {@code A} leads {@code B} by {@code k* = argmax_{k >= 1} c(k)} when {@code c(k*)}
 * exceeds {@code max(minCorrelation, 4 / sqrt(n))} (about four standard errors under
 * independence) and exceeds every {@code c(k)} with {@code k <= 0}: a pair that moves
 * together at lag 0 has no useful lead.
 */
public final class LeadLagDetector {

	private final int maxLag;

	private final double minCorrelation;

	public LeadLagDetector(int maxLag, double minCorrelation) {
		if (maxLag < 1) {
			throw new IllegalArgumentException("maxLag must be >= 1, was " + maxLag);
		}
		if (!(minCorrelation >= 0 && minCorrelation < 1)) {
			throw new IllegalArgumentException("minCorrelation must be in [0, 1), was " + minCorrelation);
		}
		this.maxLag = maxLag;
		this.minCorrelation = minCorrelation;
	}

	/** All leads among the given series (same step), strongest first per follower. */
	public List<LeadLag> detect(List<SeriesHistory> series) {
		List<LeadLag> out = new ArrayList<>();
		for (SeriesHistory a : series) {
			for (SeriesHistory b : series) {
				if (a != b) {
					detect(a, b).ifPresent(out::add);
				}
			}
		}
		out.sort((x, y) -> x.follower().equals(y.follower()) ? Double.compare(y.correlation(), x.correlation())
				: x.follower().compareTo(y.follower()));
		return out;
	}

	/** Whether {@code leader} leads {@code follower}, and by how many steps. */
	public Optional<LeadLag> detect(SeriesHistory leader, SeriesHistory follower) {
		if (leader.stepSeconds() != follower.stepSeconds()) {
			throw new IllegalArgumentException("series have different steps");
		}
		int step = follower.stepSeconds();
		long start = Math.max(leader.startEpochSecond(), follower.startEpochSecond());
		long end = Math.min(leader.epochSecondOf(leader.length()), follower.epochSecondOf(follower.length()));
		int n = (int) ((end - start) / step);
		if (n < 4 * maxLag + 10) {
			return Optional.empty();
		}
		double[] da = prepare(leader, (int) ((start - leader.startEpochSecond()) / step), n);
		double[] db = prepare(follower, (int) ((start - follower.startEpochSecond()) / step), n);
		double bestLead = Double.NEGATIVE_INFINITY;
		int bestLag = 0;
		double bestOther = Double.NEGATIVE_INFINITY;
		for (int k = -maxLag; k <= maxLag; k++) {
			double c = correlation(da, db, k);
			if (k >= 1 && c > bestLead) {
				bestLead = c;
				bestLag = k;
			}
			else if (k <= 0) {
				bestOther = Math.max(bestOther, c);
			}
		}
		double threshold = Math.max(minCorrelation, 4 / Math.sqrt(n));
		if (bestLead > threshold && bestLead > bestOther) {
			return Optional.of(new LeadLag(leader.name(), follower.name(), bestLag, bestLead, threshold, n - bestLag));
		}
		return Optional.empty();
	}

	/**
	 * {@code d_t} of the window {@code [from, from + n)}: differenced log series minus
	 * its time-of-day means.
	 */
	static double[] prepare(SeriesHistory s, int from, int n) {
		int season = s.season();
		double[] z = new double[n];
		double[] phaseSum = new double[season];
		int[] phaseCount = new int[season];
		for (int i = 0; i < n; i++) {
			z[i] = Math.log1p(Math.max(0, s.value(from + i)));
			int ph = phase(s, from + i, season);
			phaseSum[ph] += z[i];
			phaseCount[ph]++;
		}
		double[] d = new double[n];
		double prev = 0;
		for (int i = 0; i < n; i++) {
			int ph = phase(s, from + i, season);
			double r = z[i] - phaseSum[ph] / phaseCount[ph];
			d[i] = i == 0 ? 0 : r - prev;
			prev = r;
		}
		return d;
	}

	private static int phase(SeriesHistory s, int i, int season) {
		return (int) Math.floorMod(Math.floorDiv(s.epochSecondOf(i), s.stepSeconds()), (long) season);
	}

	/**
	 * Pearson correlation of {@code a[t - k]} with {@code b[t]} over the overlap (t from
	 * 1, skipping d_0).
	 */
	static double correlation(double[] a, double[] b, int k) {
		int lo = Math.max(1, 1 + k);
		int hi = Math.min(b.length, a.length + k);
		int n = hi - lo;
		if (n < 3) {
			return 0;
		}
		double ma = 0;
		double mb = 0;
		for (int t = lo; t < hi; t++) {
			ma += a[t - k];
			mb += b[t];
		}
		ma /= n;
		mb /= n;
		double sab = 0;
		double saa = 0;
		double sbb = 0;
		for (int t = lo; t < hi; t++) {
			double x = a[t - k] - ma;
			double y = b[t] - mb;
			sab += x * y;
			saa += x * x;
			sbb += y * y;
		}
		return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
	}

}
