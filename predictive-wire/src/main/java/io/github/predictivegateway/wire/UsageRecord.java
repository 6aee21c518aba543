package io.github.predictivegateway.wire;

import java.util.Objects;

/**
 * What one gateway instance saw of one tenant × resource type in one step. Validated by
 * {@link UsageValidator} before it gets here.
 *
 * @param instance the publishing gateway instance; with {@code stepStart}, tenant and
 * resource the record's identity
 * @param tenant who
 * @param resource which resource type
 * @param stepStart start of the step, seconds since the epoch, aligned to the step
 * @param attempted requests offered, including throttled ones
 * @param admitted requests admitted (any class)
 * @param preallocated of the admitted, those served from pre-allocation
 * @param throttled requests refused
 * @param units units offered (the attempted requests' total cost): the demand that is
 * forecast
 * @param bytes request bytes seen
 * @param durationMsSum sum of upstream durations, milliseconds
 * @param durationMsMax longest upstream duration, milliseconds
 */
public record UsageRecord(String instance, String tenant, String resource, long stepStart, long attempted,
		long admitted, long preallocated, long throttled, double units, long bytes, double durationMsSum,
		double durationMsMax) {

	public UsageRecord {
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
	}

	/**
	 * The demand this record adds to its series: the units offered, or the attempted
	 * requests when a publisher does not count units (every request costs at least one
	 * unit).
	 */
	public double demand() {
		return Math.max(this.units, this.attempted);
	}

}
