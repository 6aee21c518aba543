package io.github.predictivegateway.standard;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

import io.github.predictivegateway.plan.ResourceLimit;

/**
 * The Bucket4j configuration of a standard bucket, the same wherever the bucket lives
 * (this instance's memory or Redis): one limit of {@code burst} units, refilled greedily
 * at {@code rate} units per second, that is {@code burst} units every
 * {@code burst / rate} seconds.
 *
 * <p>
 * At a {@code share} of the plan (distributed mode's fail-open fallback buckets, at
 * {@code 1 / expected instances}), the bucket holds {@code max(1, ceil(burst × share))}
 * units and refills at {@code rate × share}.
 */
public final class StandardBucketConfiguration {

	private StandardBucketConfiguration() {
	}

	/** The bucket of the whole plan. */
	public static BucketConfiguration of(ResourceLimit limit) {
		return of(limit, 1.0);
	}

	/** The bucket of a share of the plan, {@code share} within (0, 1]. */
	public static BucketConfiguration of(ResourceLimit limit, double share) {
		return of(limit, share, limit.rate());
	}

	/**
	 * The bucket of a share of the plan refilled at {@code rate} units per second instead
	 * of the plan's rate (a lifted refill, up to the plan's max-rate), times
	 * {@code share}; it holds what the plan's bucket holds.
	 */
	public static BucketConfiguration of(ResourceLimit limit, double share, double rate) {
		return BucketConfiguration.builder().addLimit(bandwidth(limit, share, rate)).build();
	}

	/** Units a full bucket of that share of the plan holds. */
	public static long burst(ResourceLimit limit, double share) {
		return (share == 1.0) ? limit.burst() : Math.max(1, (long) Math.ceil(limit.burst() * share));
	}

	private static Bandwidth bandwidth(ResourceLimit limit, double share, double rate) {
		long burst = burst(limit, share);
		Duration refillPeriod = Duration.ofNanos(Math.round(burst * 1e9 / (rate * share)));
		return Bandwidth.builder().capacity(burst).refillGreedy(burst, refillPeriod).build();
	}

}
