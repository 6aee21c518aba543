package io.github.predictivegateway.usage;

import java.time.Instant;
import java.util.Objects;

/**
 * What this gateway instance saw of one tenant × resource type in one step: the usage
 * record it publishes to the forecaster ({@code POST /v1/usage}).
 *
 * @param tenant who
 * @param resource which resource type
 * @param stepStart start of the step
 * @param attempted requests offered, throttled ones included
 * @param admitted requests admitted, any class
 * @param preallocated of the admitted, those served from pre-allocation
 * @param throttled requests refused (in shadow mode: those that would have been)
 * @param units units offered: the attempted requests' total cost, the demand that is
 * forecast, where the refused requests count up to a bound ({@link RefusedDemandBound})
 * @param bytes request bytes declared by {@code Content-Length}
 * @param durationMsSum upstream time of the admitted requests, milliseconds
 * @param durationMsMax longest upstream time, milliseconds
 */
public record StepUsage(String tenant, String resource, Instant stepStart, long attempted, long admitted,
		long preallocated, long throttled, double units, long bytes, double durationMsSum, double durationMsMax) {

	public StepUsage {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(stepStart, "stepStart");
	}

}
