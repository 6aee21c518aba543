package io.github.predictivegateway.preallocation;

/**
 * A tenant's pre-allocation for one resource type and one step: what was reserved for it
 * ahead of time from a forecast, spent by its requests before its standard bucket is
 * touched. It holds the step's grant from the step's first instant and never refills;
 * what is left expires at the step's end (the next step gets a new shadow bucket).
 *
 * <p>
 * Implementations differ in where the grant is held, as the standard buckets' do:
 * {@link LocalShadowBucket} holds the whole grant in this instance's memory; in
 * distributed mode a leased shadow bucket holds only the chunks this instance leased from
 * the shared ledger, so that the grant is spent once across all instances. Both are safe
 * for concurrent requests and never block.
 */
public interface ShadowBucket {

	/**
	 * Takes {@code cost} units if the bucket holds at least that many; otherwise takes
	 * nothing.
	 * @return the units left after taking them, or {@code -1} when there were not enough
	 * @throws IllegalArgumentException if {@code cost < 1}
	 */
	long tryConsume(long cost);

	/**
	 * Gives back {@code units} a request took and did not use (the capacity gate refused
	 * it), never holding more than the grant.
	 * @throws IllegalArgumentException if {@code units < 1}
	 */
	void giveBack(long units);

	/** The grant: units reserved for the tenant in this step, cluster-wide. */
	long granted();

	/** Units this bucket holds now (in distributed mode: what this instance holds). */
	long remaining();

	/**
	 * Units spent from this bucket (in distributed mode: by this instance). By default
	 * {@code granted() - remaining()}, true of a bucket that holds the whole grant; a
	 * bucket that holds only part of it counts what it spent.
	 */
	default long used() {
		return granted() - remaining();
	}

}
