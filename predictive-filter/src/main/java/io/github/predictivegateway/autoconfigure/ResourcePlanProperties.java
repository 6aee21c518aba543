package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.plan.ResourceLimit;

/**
 * One plan's limits for one resource type.
 */
public class ResourcePlanProperties {

	/** Standard bucket refill, units per second. Required, greater than 0. */
	private @Nullable Double rate;

	/** Standard bucket capacity, units. Required, at least the rate. */
	private @Nullable Long burst;

	/**
	 * The most that may be reserved for one tenant in one step, units. Unset: no cap
	 * besides the ledger's.
	 */
	@Min(0)
	private @Nullable Long maxPreallocation;

	/** Share of the reservable capacity when the ledger is oversubscribed. */
	@DecimalMin(value = "0.0", inclusive = false)
	private double weight = 1.0;

	public @Nullable Double getRate() {
		return this.rate;
	}

	public void setRate(@Nullable Double rate) {
		this.rate = rate;
	}

	public @Nullable Long getBurst() {
		return this.burst;
	}

	public void setBurst(@Nullable Long burst) {
		this.burst = burst;
	}

	public @Nullable Long getMaxPreallocation() {
		return this.maxPreallocation;
	}

	public void setMaxPreallocation(@Nullable Long maxPreallocation) {
		this.maxPreallocation = maxPreallocation;
	}

	public double getWeight() {
		return this.weight;
	}

	public void setWeight(double weight) {
		this.weight = weight;
	}

	/** The limits as the engine takes them; see {@link ResourceLimit#of}. */
	public ResourceLimit toLimit() {
		return ResourceLimit.of(this.rate, this.burst, this.maxPreallocation, this.weight);
	}

}
