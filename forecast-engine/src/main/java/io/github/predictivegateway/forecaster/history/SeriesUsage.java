package io.github.predictivegateway.forecaster.history;

import java.util.Arrays;

/**
 * One series' usage summed over instances, step by step, in primitive arrays: demand
 * (units offered), attempted and throttled requests. Steps are indexes on the
 * epoch-aligned grid ({@code epochSecond / stepSeconds}); steps without usage are 0. Not
 * thread-safe: {@link UsageHistory} guards it.
 */
final class SeriesUsage {

	private long firstStep;

	private int length;

	private double[] demand = new double[64];

	private long[] attempted = new long[64];

	private long[] throttled = new long[64];

	SeriesUsage(long firstStep) {
		this.firstStep = firstStep;
	}

	void add(long step, double demand, long attempted, long throttled) {
		if (this.length == 0) {
			this.firstStep = step;
		}
		if (step < this.firstStep) {
			prepend((int) (this.firstStep - step));
		}
		int index = (int) (step - this.firstStep);
		ensureLength(index + 1);
		this.demand[index] += demand;
		this.attempted[index] += attempted;
		this.throttled[index] += throttled;
	}

	/**
	 * Sets one step's usage, whatever was added to it before.
	 * @return whether the step held usage before
	 */
	boolean set(long step, double demand, long attempted, long throttled) {
		boolean held = inRange(step) && (demandAt(step) != 0 || attempted(step) != 0 || throttled(step) != 0);
		if (held) {
			int index = (int) (step - this.firstStep);
			this.demand[index] = 0;
			this.attempted[index] = 0;
			this.throttled[index] = 0;
		}
		add(step, demand, attempted, throttled);
		return held;
	}

	private double demandAt(long step) {
		return this.demand[(int) (step - this.firstStep)];
	}

	/** Drops steps before {@code step}. */
	void dropBefore(long step) {
		int drop = (int) Math.min(this.length, Math.max(0, step - this.firstStep));
		if (drop == 0) {
			return;
		}
		System.arraycopy(this.demand, drop, this.demand, 0, this.length - drop);
		System.arraycopy(this.attempted, drop, this.attempted, 0, this.length - drop);
		System.arraycopy(this.throttled, drop, this.throttled, 0, this.length - drop);
		Arrays.fill(this.demand, this.length - drop, this.length, 0);
		Arrays.fill(this.attempted, this.length - drop, this.length, 0);
		Arrays.fill(this.throttled, this.length - drop, this.length, 0);
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
			out[(int) (step - from)] = this.demand[(int) (step - this.firstStep)];
		}
		return out;
	}

	long attempted(long step) {
		return inRange(step) ? this.attempted[(int) (step - this.firstStep)] : 0;
	}

	long throttled(long step) {
		return inRange(step) ? this.throttled[(int) (step - this.firstStep)] : 0;
	}

	private boolean inRange(long step) {
		return step >= this.firstStep && step < endStep();
	}

	private void ensureLength(int needed) {
		if (needed > this.demand.length) {
			int capacity = Math.max(needed, this.demand.length * 2);
			this.demand = Arrays.copyOf(this.demand, capacity);
			this.attempted = Arrays.copyOf(this.attempted, capacity);
			this.throttled = Arrays.copyOf(this.throttled, capacity);
		}
		this.length = Math.max(this.length, needed);
	}

	private void prepend(int steps) {
		ensureLength(this.length + steps);
		int moved = this.length - steps;
		System.arraycopy(this.demand, 0, this.demand, steps, moved);
		System.arraycopy(this.attempted, 0, this.attempted, steps, moved);
		System.arraycopy(this.throttled, 0, this.throttled, steps, moved);
		Arrays.fill(this.demand, 0, steps, 0);
		Arrays.fill(this.attempted, 0, steps, 0);
		Arrays.fill(this.throttled, 0, steps, 0);
		this.firstStep -= steps;
	}

}
