package io.github.predictivegateway.plan;

import org.jspecify.annotations.Nullable;

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
 * @param maxRate the most the standard bucket's refill may be lifted to, units per
 * second, while the tenant is refused and capacity nobody reserved is idle (see
 * {@code RateLift}); at least {@code rate}, and {@code rate} itself (the default) when
 * the plan allows no lift
 */
public record ResourceLimit(double rate, long burst, long maxPreallocation, double weight, double maxRate) {

	public static final long NO_PREALLOCATION_CAP = Long.MAX_VALUE;

	/**
	 * Where a plan sets no max-preallocation, the most forecasts may reserve for its
	 * tenant in one step is this many times what its standard bucket alone admits in a
	 * step ({@link #stepAllowance}): reservations follow forecasts, and forecasts follow
	 * demand, so without a cap a tenant could train its way into any share of capacity.
	 * (Top-ups within a step, which only ever use capacity nobody reserved, are bounded
	 * by an explicit max-preallocation only.)
	 */
	public static final int DEFAULT_CAP_FACTOR = 10;

	public ResourceLimit {
		if (!(rate > 0) || Double.isInfinite(rate)) {
			throw new IllegalArgumentException(rateRule(rate));
		}
		if (burst < 1) {
			throw new IllegalArgumentException(burstRule(burst));
		}
		if (burst < rate) {
			throw new IllegalArgumentException(
					"burst is " + burst + ", below its rate " + rate + "; the burst must be at least the rate");
		}
		if (maxPreallocation < 0) {
			throw new IllegalArgumentException(
					"max-preallocation is " + maxPreallocation + "; it must not be negative");
		}
		if (!(weight > 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("weight is " + weight + "; it must be a positive number");
		}
		if (Double.isNaN(maxRate) || Double.isInfinite(maxRate)) {
			throw new IllegalArgumentException(
					"max-rate is " + maxRate + "; it must be a number of units per second, at least the rate");
		}
		if (maxRate < rate) {
			throw new IllegalArgumentException("max-rate is " + maxRate + ", below its rate " + rate
					+ "; the max-rate must be at least the rate (leave it unset for no lift)");
		}
	}

	/** Limits whose standard bucket is never lifted: max-rate is the rate. */
	public ResourceLimit(double rate, long burst, long maxPreallocation, double weight) {
		this(rate, burst, maxPreallocation, weight, rate);
	}

	/**
	 * The limits as configured, where rate and burst may be missing (unset) and an unset
	 * max-preallocation means no cap.
	 * @throws IllegalArgumentException naming the first setting that is missing or out of
	 * range ({@code "<setting> is <value>; <rule>"})
	 */
	public static ResourceLimit of(@Nullable Double rate, @Nullable Long burst, @Nullable Long maxPreallocation,
			double weight) {
		return of(rate, burst, maxPreallocation, null, weight);
	}

	/**
	 * The limits as configured, where an unset max-rate is the rate (no lift).
	 * @throws IllegalArgumentException naming the first setting that is missing or out of
	 * range ({@code "<setting> is <value>; <rule>"})
	 */
	public static ResourceLimit of(@Nullable Double rate, @Nullable Long burst, @Nullable Long maxPreallocation,
			@Nullable Double maxRate, double weight) {
		if (rate == null) {
			throw new IllegalArgumentException(rateRule(null));
		}
		if (burst == null) {
			throw new IllegalArgumentException(burstRule(null));
		}
		return new ResourceLimit(rate, burst, (maxPreallocation != null) ? maxPreallocation : NO_PREALLOCATION_CAP,
				weight, (maxRate != null) ? maxRate : rate);
	}

	/** Whether the plan lets the standard bucket's refill be lifted above its rate. */
	public boolean liftable() {
		return this.maxRate > this.rate;
	}

	private static String rateRule(@Nullable Double rate) {
		return "rate is " + rate + "; it must be set to a positive number of units per second";
	}

	private static String burstRule(@Nullable Long burst) {
		return "burst is " + burst + "; it must be set to a whole number of units, at least 1";
	}

	public static ResourceLimit of(double rate, long burst) {
		return new ResourceLimit(rate, burst, NO_PREALLOCATION_CAP, 1.0);
	}

	/**
	 * The most forecasts may reserve for this tenant in a step of {@code stepSeconds}:
	 * the plan's max-preallocation, or, where the plan sets none,
	 * {@value #DEFAULT_CAP_FACTOR} {@code × ⌊burst + rate × step⌋}.
	 */
	public long preallocationCap(double stepSeconds) {
		if (this.maxPreallocation != NO_PREALLOCATION_CAP) {
			return this.maxPreallocation;
		}
		long allowance = stepAllowance(stepSeconds);
		return (allowance > Long.MAX_VALUE / DEFAULT_CAP_FACTOR) ? Long.MAX_VALUE : DEFAULT_CAP_FACTOR * allowance;
	}

	/**
	 * What the standard bucket alone admits in a step of {@code stepSeconds} from full,
	 * {@code ⌊burst + rate × step⌋}: the most refused demand a step's usage counts as
	 * demand (forecasts learn from demand, and a tenant refused a thousand times must not
	 * teach them a thousandfold reservation).
	 */
	public long stepAllowance(double stepSeconds) {
		double allowance = this.burst + this.rate * stepSeconds;
		return (allowance >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) Math.floor(allowance);
	}

	/**
	 * Seconds a drained standard bucket takes to fill up again: the window of the
	 * {@code RateLimit-Policy}.
	 */
	public long windowSeconds() {
		return Math.max(1L, (long) Math.ceil(this.burst / this.rate));
	}

}
