package io.github.predictivegateway.plan;

/**
 * One plan's limits for one resource type.
 *
 * @param rate standard bucket refill, units per second
 * @param burst standard bucket capacity, units; at least {@code rate}, so a full second
 * of the rate fits
 * @param maxPreallocation the most this tenant may have reserved for it in one step,
 * units; {@link Long#MAX_VALUE} when the plan sets no cap (the ledger's reservable share
 * of capacity still bounds it)
 * @param weight share of the reservable capacity when the ledger is oversubscribed
 * (weighted max-min fairness)
 */
public record ResourceLimit(double rate, long burst, long maxPreallocation, double weight) {

	public static final long NO_PREALLOCATION_CAP = Long.MAX_VALUE;

	public ResourceLimit {
		if (!(rate > 0) || Double.isInfinite(rate)) {
			throw new IllegalArgumentException("rate must be a positive number of units per second, got " + rate);
		}
		if (burst < 1) {
			throw new IllegalArgumentException("burst must be at least 1 unit, got " + burst);
		}
		if (burst < rate) {
			throw new IllegalArgumentException("burst (" + burst + ") must be at least the rate (" + rate + ")");
		}
		if (maxPreallocation < 0) {
			throw new IllegalArgumentException("max-preallocation must be >= 0, got " + maxPreallocation);
		}
		if (!(weight > 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("weight must be a positive number, got " + weight);
		}
	}

	public static ResourceLimit of(double rate, long burst) {
		return new ResourceLimit(rate, burst, NO_PREALLOCATION_CAP, 1.0);
	}

	/**
	 * Seconds a drained standard bucket takes to fill up again: the window of the
	 * {@code RateLimit-Policy}.
	 */
	public long windowSeconds() {
		return Math.max(1L, (long) Math.ceil(this.burst / this.rate));
	}

}
