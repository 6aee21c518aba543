package io.github.predictivegateway.gate;

import java.time.Duration;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.TimeSource;

/**
 * Makes the capacity gate of each resource type. The local default keeps each gate in
 * this instance's memory; distributed mode replaces it with gates shared by all
 * instances.
 */
@FunctionalInterface
public interface CapacityGates {

	CapacityGate gateFor(ResourceType resource);

	/**
	 * Gates in local memory: one {@link LocalCapacityGate} per resource type, at its
	 * declared capacity.
	 */
	static CapacityGates local(Duration burst, TimeSource time) {
		return resource -> new LocalCapacityGate(resource.capacity(), burst, time);
	}

}
