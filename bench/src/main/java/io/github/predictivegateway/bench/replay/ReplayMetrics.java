package io.github.predictivegateway.bench.replay;

import java.util.List;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.gate.GateResult;

/**
 * What one strategy did on one trace, counted as the replay runs. All counts are requests
 * (one unit each) of the scored steps; a request counts in the step it arrived in, even
 * when the queue admits it in the next one.
 *
 * <ul>
 * <li><b>burst step</b> of tenant {@code t}: a step whose offered count exceeds
 * {@code r_t × L} (its standard rate over the step);</li>
 * <li><b>admitted share</b>: admitted / offered; the <b>burst share</b> of a strategy is
 * the mean over tenants (with at least one burst step) of each tenant's admitted share
 * inside its burst steps, so one large tenant does not decide it; the <b>calm share</b>
 * is the same inside the other steps;</li>
 * <li><b>calm refused</b>: requests of calm steps that passed the tenant stage but were
 * refused at the gate (queue full or waited too long), as a share of the calm steps'
 * offered requests, mean over tenants;</li>
 * <li><b>queue wait</b>: per admitted request, the wait at the gate in whole milliseconds
 * rounded up (0 when admitted at once); percentiles by nearest rank;</li>
 * <li><b>capacity overrun</b>: per second of the epoch {@code [k, k+1)}, units the gate
 * admitted beyond {@code C}, summed; must be 0;</li>
 * <li><b>Jain's index</b> of the tenants' admitted shares {@code x_t}:
 * {@code (Σx)² / (n Σx²)}, 1 when all tenants get the same share.</li>
 * </ul>
 */
final class ReplayMetrics {

	/**
	 * Waits are counted per millisecond up to this bound; longer ones land in the last
	 * bin.
	 */
	static final int MAX_WAIT_MILLIS = 10_000;

	final String strategy;

	final List<String> tenants;

	final long capacity;

	final long[] offered;

	final long[] admitted;

	final long[] admittedPreallocated;

	final long[] throttled;

	final long[] gateRefused;

	final long[] burstOffered;

	final long[] burstAdmitted;

	final long[] calmOffered;

	final long[] calmAdmitted;

	final long[] calmRefused;

	final long[] burstSteps;

	final long[] granted;

	final long[] used;

	final int[][] waits;

	/**
	 * Each tenant's adjustment multiplier at the end of the replay; NaN for strategies
	 * without one.
	 */
	final double[] finalMultiplier;

	/**
	 * Per tenant and scored step (index 0: the first scored step), requests the gate
	 * admitted, that the tenant stage throttled, and that the gate refused: the series of
	 * the HTML report. A request counts in the step it arrived in.
	 */
	final long[][] admittedByStep;

	final long[][] throttledByStep;

	final long[][] refusedByStep;

	/** Scored step that arrivals are now counted in. */
	private int step;

	long overrunUnits;

	long overrunSeconds;

	long busiestSecond;

	private long currentSecond = Long.MIN_VALUE;

	private long admittedThisSecond;

	/**
	 * @param scoredSteps steps of the per-step series
	 */
	ReplayMetrics(String strategy, List<String> tenants, long capacity, int scoredSteps) {
		this.strategy = strategy;
		this.tenants = tenants;
		this.capacity = capacity;
		int n = tenants.size();
		this.offered = new long[n];
		this.admitted = new long[n];
		this.admittedPreallocated = new long[n];
		this.throttled = new long[n];
		this.gateRefused = new long[n];
		this.burstOffered = new long[n];
		this.burstAdmitted = new long[n];
		this.calmOffered = new long[n];
		this.calmAdmitted = new long[n];
		this.calmRefused = new long[n];
		this.burstSteps = new long[n];
		this.granted = new long[n];
		this.used = new long[n];
		this.waits = new int[n][MAX_WAIT_MILLIS + 1];
		this.finalMultiplier = new double[n];
		this.admittedByStep = new long[n][scoredSteps];
		this.throttledByStep = new long[n][scoredSteps];
		this.refusedByStep = new long[n][scoredSteps];
	}

	/** Arrivals from now on count in scored step {@code index} (0: the first). */
	void step(int index) {
		this.step = index;
	}

	/** The scored step arrivals now count in. */
	int step() {
		return this.step;
	}

	void offered(int tenant, boolean burstStep, Decision decision) {
		this.offered[tenant]++;
		if (burstStep) {
			this.burstOffered[tenant]++;
		}
		else {
			this.calmOffered[tenant]++;
		}
		if (decision == Decision.THROTTLED) {
			this.throttled[tenant]++;
			this.throttledByStep[tenant][this.step]++;
		}
	}

	/**
	 * The gate's answer for an admitted request of scored step {@code step}, at the
	 * virtual time {@code nowNanos} it came.
	 */
	void gate(int tenant, int step, boolean burstStep, Decision decision, GateResult result, long nowNanos) {
		if (!result.admitted()) {
			this.gateRefused[tenant]++;
			this.refusedByStep[tenant][step]++;
			if (!burstStep) {
				this.calmRefused[tenant]++;
			}
			return;
		}
		this.admitted[tenant]++;
		this.admittedByStep[tenant][step]++;
		if (decision == Decision.PREALLOCATED) {
			this.admittedPreallocated[tenant]++;
		}
		if (burstStep) {
			this.burstAdmitted[tenant]++;
		}
		else {
			this.calmAdmitted[tenant]++;
		}
		this.waits[tenant][(int) Math.min(MAX_WAIT_MILLIS, result.waitedMillis())]++;
		long second = Math.floorDiv(nowNanos, 1_000_000_000L);
		if (second != this.currentSecond) {
			closeSecond();
			this.currentSecond = second;
		}
		this.admittedThisSecond++;
	}

	void burstStep(int tenant) {
		this.burstSteps[tenant]++;
	}

	/** Closes the last second counted; call once the replay is over. */
	void finish() {
		closeSecond();
		this.currentSecond = Long.MIN_VALUE;
	}

	private void closeSecond() {
		this.busiestSecond = Math.max(this.busiestSecond, this.admittedThisSecond);
		if (this.admittedThisSecond > this.capacity) {
			this.overrunUnits += this.admittedThisSecond - this.capacity;
			this.overrunSeconds++;
		}
		this.admittedThisSecond = 0;
	}

	// ---- derived figures ----

	static double share(long part, long whole) {
		return (whole > 0) ? (double) part / whole : Double.NaN;
	}

	double admittedShare(int t) {
		return share(this.admitted[t], this.offered[t]);
	}

	/** Mean over tenants with burst steps of their admitted share in burst steps. */
	double burstShare() {
		return meanShare(this.burstAdmitted, this.burstOffered, -1);
	}

	/** Mean over tenants with calm steps of their admitted share in calm steps. */
	double calmShare() {
		return meanShare(this.calmAdmitted, this.calmOffered, -1);
	}

	/**
	 * Mean over tenants with calm steps of the share of their calm-step requests that
	 * passed their own limits but were refused at the gate: what other tenants' traffic
	 * (and reservations) cost a tenant that is not bursting.
	 */
	double calmRefusedShare() {
		return meanShare(this.calmRefused, this.calmOffered, -1);
	}

	/** Mean over tenants other than {@code except} of their admitted share. */
	double meanAdmittedShare(int except) {
		return meanShare(this.admitted, this.offered, except);
	}

	static double meanShare(long[] part, long[] whole, int except) {
		double sum = 0;
		int n = 0;
		for (int t = 0; t < part.length; t++) {
			if (t != except && whole[t] > 0) {
				sum += (double) part[t] / whole[t];
				n++;
			}
		}
		return (n > 0) ? sum / n : Double.NaN;
	}

	double jain() {
		double sum = 0;
		double squares = 0;
		int n = 0;
		for (int t = 0; t < this.offered.length; t++) {
			if (this.offered[t] > 0) {
				double x = admittedShare(t);
				sum += x;
				squares += x * x;
				n++;
			}
		}
		return (squares > 0) ? sum * sum / (n * squares) : Double.NaN;
	}

	static long total(long[] values) {
		long sum = 0;
		for (long v : values) {
			sum += v;
		}
		return sum;
	}

	/**
	 * Nearest-rank percentile of the waits of tenant {@code t}, or of all tenants when
	 * {@code t < 0}, in ms.
	 */
	long waitPercentile(int t, double q) {
		int[] histogram = new int[MAX_WAIT_MILLIS + 1];
		for (int i = 0; i < this.waits.length; i++) {
			if (t < 0 || t == i) {
				for (int ms = 0; ms <= MAX_WAIT_MILLIS; ms++) {
					histogram[ms] += this.waits[i][ms];
				}
			}
		}
		long count = 0;
		for (int c : histogram) {
			count += c;
		}
		if (count == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(q * count));
		long seen = 0;
		for (int ms = 0; ms <= MAX_WAIT_MILLIS; ms++) {
			seen += histogram[ms];
			if (seen >= rank) {
				return ms;
			}
		}
		return MAX_WAIT_MILLIS;
	}

}
