package io.github.predictivegateway.gate;

/**
 * The global capacity gate of one resource type: what the backend behind it can take, in
 * units per second, cluster-wide. Every request that passed the tenant stage takes its
 * cost here too, whichever bucket served it: the gate is one pool, so capacity that a
 * tenant reserved but has not claimed is lent to other tenants' standard requests;
 * reservations only change the tenant stage.
 *
 * <p>
 * Implementations must not block: a local token bucket ({@link LocalCapacityGate}), or a
 * shared one in distributed mode. A gate answers from what this instance holds: a local
 * gate holds the whole capacity, a shared gate a lease of the cluster's pool that it
 * refills in the background. So a shared gate whose lease is empty refuses a request the
 * pool has room for, starts a lease, and tells the caller to ask again shortly (see
 * {@link #nanosUntilAvailable}); the admission queue does, and the request is admitted
 * when the lease arrives.
 */
public interface CapacityGate {

	/**
	 * Takes {@code units} if the gate holds room for them now; otherwise takes nothing.
	 */
	boolean tryAcquire(long units);

	/**
	 * Nanoseconds until {@link #tryAcquire(long)} of {@code units} could succeed, if
	 * nobody else takes any; 0 when it could now.
	 */
	long nanosUntilAvailable(long units);

	/**
	 * Gives back {@code units} taken by a request that will not use them (for example one
	 * cancelled meanwhile).
	 */
	void release(long units);

	/** Units per second the gate lets through. */
	double capacity();

	/**
	 * The most units one request may take if it may wait {@code waitNanos} for them: what
	 * the gate lets through in that time from full, {@code size + ⌊capacity × wait⌋}. A
	 * larger request could only pass by leaving the gate in debt for longer than any
	 * waiter may wait, so every request behind it would time out; the admission queue
	 * answers it {@link GateResult.Outcome#NEVER_FITS} instead. A gate that knows no such
	 * bound (the default, kept for gates written before it) answers
	 * {@link Long#MAX_VALUE}.
	 */
	default long largestRequest(long waitNanos) {
		return Long.MAX_VALUE;
	}

	/**
	 * Units a token bucket refilled at {@code capacity} units per second holds when it
	 * may let {@code burstNanos} of capacity through at once: {@code ⌈capacity × burst⌉},
	 * at least 1. A product within one part in 10⁹ above a whole number counts as that
	 * number: it is floating-point rounding, not a configured fraction of a unit (a
	 * capacity of {@code 10⁹ / P} units per second times a burst of {@code P} ns is 1,
	 * not the {@code 1.0000000000000002} the doubles give, and a gate of 2 units would
	 * let one unit more than the capacity through in a second).
	 */
	static long size(double capacity, long burstNanos) {
		double units = capacity * burstNanos / 1e9;
		return Math.max(1L, (long) Math.ceil(units * (1 - 1e-9)));
	}

	/**
	 * {@code size + ⌊capacity × wait⌋}, saturated at {@link Long#MAX_VALUE}: the rule of
	 * {@link #largestRequest(long)} for a token bucket of {@code size} units refilled at
	 * {@code capacity} units per second.
	 */
	static long largestRequest(long size, double capacity, long waitNanos) {
		double refilled = Math.floor(capacity * Math.max(0, waitNanos) / 1e9);
		double largest = size + refilled;
		return (largest >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) largest;
	}

}
