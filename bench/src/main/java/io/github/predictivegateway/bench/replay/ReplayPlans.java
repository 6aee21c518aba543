package io.github.predictivegateway.bench.replay;

import java.util.Arrays;

/**
 * Plans and capacity derived from the warm-up days only, so that nothing is learnt from
 * the scored days.
 *
 * <ul>
 * <li>standard rate of tenant {@code t}:
 * {@code r_t = max(median of its warm-up step counts, 1) / stepSeconds} units per second.
 * The floor of one request per step keeps a tenant whose median is 0 (mostly idle)
 * limited but not shut out;</li>
 * <li>burst capacity for a burst of {@code b} seconds: {@code max(1, ⌈b × r_t⌉)}
 * units;</li>
 * <li>peak of tenant {@code t}: its largest warm-up step count divided by the step, units
 * per second (the busiest warm-up step's mean rate);</li>
 * <li>global capacity {@code C = max(1, ⌊share × Σ_t peak_t⌋)} units per second, a whole
 * number so that "at most {@code C} admitted in any second" can be checked exactly.</li>
 * </ul>
 */
final class ReplayPlans {

	private final double[] rates;

	private final double[] peaks;

	private final long capacity;

	private ReplayPlans(double[] rates, double[] peaks, long capacity) {
		this.rates = rates;
		this.peaks = peaks;
		this.capacity = capacity;
	}

	static ReplayPlans fromWarmup(Trace trace, int warmupSteps, double capacityShare) {
		int tenants = trace.tenantCount();
		double[] rates = new double[tenants];
		double[] peaks = new double[tenants];
		double sumOfPeaks = 0;
		for (int t = 0; t < tenants; t++) {
			long[] warmup = new long[warmupSteps];
			long peak = 0;
			for (int s = 0; s < warmupSteps; s++) {
				warmup[s] = trace.count(t, s);
				peak = Math.max(peak, warmup[s]);
			}
			Arrays.sort(warmup);
			double median = (warmupSteps % 2 == 1) ? warmup[warmupSteps / 2]
					: (warmup[warmupSteps / 2 - 1] + warmup[warmupSteps / 2]) / 2.0;
			rates[t] = Math.max(median, 1.0) / trace.stepSeconds();
			peaks[t] = (double) peak / trace.stepSeconds();
			sumOfPeaks += peaks[t];
		}
		long capacity = Math.max(1L, (long) Math.floor(capacityShare * sumOfPeaks));
		return new ReplayPlans(rates, peaks, capacity);
	}

	/** Standard rate of tenant {@code t}, units per second. */
	double rate(int t) {
		return this.rates[t];
	}

	/**
	 * Standard bucket capacity of tenant {@code t} for a burst of {@code burstSeconds}.
	 */
	long burst(int t, double burstSeconds) {
		return Math.max(1L, (long) Math.ceil(burstSeconds * this.rates[t] - 1e-9));
	}

	double peak(int t) {
		return this.peaks[t];
	}

	/** Global capacity, units per second. */
	long capacity() {
		return this.capacity;
	}

	int tenantCount() {
		return this.rates.length;
	}

}
