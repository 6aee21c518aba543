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

}
