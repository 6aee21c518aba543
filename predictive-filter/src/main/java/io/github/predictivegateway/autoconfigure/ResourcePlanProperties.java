package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.plan.ResourceLimit;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One plan's limits for one resource type.
 *
 * @param rate Standard bucket refill, units per second. Required, greater than 0.
 * @param burst Standard bucket capacity, units. Required, at least the rate.
 * @param maxPreallocation The most that may be reserved for one tenant in one step,
 * units. Unset: no cap besides the ledger's.
 * @param weight Share of the reservable capacity when the ledger is oversubscribed.
 * @param maxRate The most the standard bucket's refill may be lifted to, units per
 * second, while the tenant is refused and capacity nobody reserved is idle (local mode).
 * At least the rate. Unset: the rate, no lift.
 */
public record ResourcePlanProperties(@Nullable Double rate, @Nullable Long burst,
		@Min(0) @Nullable Long maxPreallocation,
		@DecimalMin(value = "0.0", inclusive = false) @DefaultValue("1.0") double weight, @Nullable Double maxRate) {
	/** The limits as the engine takes them; see {@link ResourceLimit#of}. */
	public ResourceLimit toLimit() {
		return ResourceLimit.of(this.rate, this.burst, this.maxPreallocation, this.maxRate, this.weight);
	}

}
