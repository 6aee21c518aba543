package io.github.predictivegateway.forecaster.history;

import java.util.Arrays;

/**
 * One series' usage summed over instances, step by step, in primitive arrays: demand
 * (units offered), attempted and throttled requests, request bytes, and the sum and the
 * most of upstream durations. Steps are indexes on the epoch-aligned grid
 * ({@code epochSecond / stepSeconds}); steps without usage are 0. Not thread-safe:
 * {@link UsageHistory} guards it.
 */
final class SeriesUsage {

	private static final int DEMAND = 0;

	private static final int DURATION_SUM = 1;

	private static final int DURATION_MAX = 2;

	private static final int ATTEMPTED = 0;

	private static final int THROTTLED = 1;

	private static final int BYTES = 2;

	private long firstStep;

	private int length;

	/** Demand, duration sum, duration max: one array each. */
	private double[][] amounts = new double[3][64];

	/** Attempted, throttled, bytes: one array each. */
	private long[][] counts = new long[3][64];

	SeriesUsage(long firstStep) {
		this.firstStep = firstStep;
	}

	/**
	 * Adds {@code delta} to a step (a signed difference when an instance's contribution
	 * is replaced); its longest duration is {@code durationMsMax}, which replaces the
	 * step's.
	 */
	void add(long step, StepMeasures delta, double durationMsMax) {
		int index = index(step);
		this.amounts[DEMAND][index] += delta.demand();
		this.amounts[DURATION_SUM][index] += delta.durationMsSum();
		this.amounts[DURATION_MAX][index] = durationMsMax;
		this.counts[ATTEMPTED][index] += delta.attempted();
		this.counts[THROTTLED][index] += delta.throttled();
		this.counts[BYTES][index] += delta.bytes();
	}

	/**
	 * Sets one step's measures, whatever was added to it before.
	 * @return whether the step held usage before
	 */
	boolean set(long step, StepMeasures measures) {
		boolean held = !measures(step).isEmpty();
		int index = index(step);
		for (double[] column : this.amounts) {
			column[index] = 0;
		}
		for (long[] column : this.counts) {
			column[index] = 0;
		}
		add(step, measures, measures.durationMsMax());
		return held;
	}

	/** What the series measured in {@code step}; {@link StepMeasures#NONE} outside. */
	StepMeasures measures(long step) {
		if (step < this.firstStep || step >= endStep()) {
			return StepMeasures.NONE;
		}
		int i = (int) (step - this.firstStep);
		return new StepMeasures(this.amounts[DEMAND][i], this.counts[ATTEMPTED][i], this.counts[THROTTLED][i],
				this.counts[BYTES][i], this.amounts[DURATION_SUM][i], this.amounts[DURATION_MAX][i]);
	}

	/** Drops steps before {@code step}. */
	void dropBefore(long step) {
		int drop = (int) Math.min(this.length, Math.max(0, step - this.firstStep));
		if (drop == 0) {
			return;
		}
		for (double[] column : this.amounts) {
			System.arraycopy(column, drop, column, 0, this.length - drop);
			Arrays.fill(column, this.length - drop, this.length, 0);
		}
		for (long[] column : this.counts) {
			System.arraycopy(column, drop, column, 0, this.length - drop);
			Arrays.fill(column, this.length - drop, this.length, 0);
		}
		this.length -= drop;
		this.firstStep += drop;
	}

	long firstStep() {
		return this.firstStep;
	}

	/** One past the last step with usage. */
	long endStep() {
		return this.firstStep + this.length;
	}

	boolean isEmpty() {
		return this.length == 0;
	}

	/** Demand in steps {@code [from, to)}, zeros outside what is held. */
	double[] demand(long from, long to) {
		double[] out = new double[(int) Math.max(0, to - from)];
		for (long step = Math.max(from, this.firstStep); step < Math.min(to, endStep()); step++) {
			out[(int) (step - from)] = this.amounts[DEMAND][(int) (step - this.firstStep)];
		}
		return out;
	}

	/** The index of {@code step} in the arrays, which grow to hold it. */
	private int index(long step) {
		if (this.length == 0) {
			this.firstStep = step;
		}
		if (step < this.firstStep) {
			prepend((int) (this.firstStep - step));
		}
		int index = (int) (step - this.firstStep);
		ensureLength(index + 1);
		return index;
	}

	private void ensureLength(int needed) {
		int capacity = this.amounts[0].length;
		if (needed > capacity) {
			int grown = Math.max(needed, capacity * 2);
			for (int c = 0; c < this.amounts.length; c++) {
				this.amounts[c] = Arrays.copyOf(this.amounts[c], grown);
			}
			for (int c = 0; c < this.counts.length; c++) {
				this.counts[c] = Arrays.copyOf(this.counts[c], grown);
			}
		}
		this.length = Math.max(this.length, needed);
	}

	private void prepend(int steps) {
		ensureLength(this.length + steps);
		int moved = this.length - steps;
		for (double[] column : this.amounts) {
			System.arraycopy(column, 0, column, steps, moved);
			Arrays.fill(column, 0, steps, 0);
		}
		for (long[] column : this.counts) {
			System.arraycopy(column, 0, column, steps, moved);
			Arrays.fill(column, 0, steps, 0);
		}
		this.firstStep -= steps;
	}

}
