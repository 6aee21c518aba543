package io.github.predictivegateway.sidecar.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;

import io.github.predictivegateway.forecaster.training.TenantShard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Training shared by several sidecars ({@code sidecar.shard.*}): this sidecar trains the
 * tenants with {@code CRC32(tenant) mod count == index} (see {@link TenantShard}) and
 * serves forecasts for all series, loading the others' models from the shared
 * {@code sidecar.model-dir}.
 */
@ConfigurationProperties("sidecar.shard")
@Validated
public class SidecarShardProperties {

	/** This sidecar's shard, from 0 to count - 1 (e.g. the StatefulSet pod ordinal). */
	@Min(0)
	private int index = 0;

	/** How many sidecars share the training; all of them must be given the same count. */
	@Min(1)
	private int count = 1;

	@AssertTrue(message = "sidecar.shard.index must be below sidecar.shard.count")
	boolean isIndexBelowCount() {
		return this.index < this.count;
	}

	TenantShard toShard() {
		return new TenantShard(this.index, this.count);
	}

	public int getIndex() {
		return this.index;
	}

	public void setIndex(int index) {
		this.index = index;
	}

	public int getCount() {
		return this.count;
	}

	public void setCount(int count) {
		this.count = count;
	}

}
