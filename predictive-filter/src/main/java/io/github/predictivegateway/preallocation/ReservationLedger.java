package io.github.predictivegateway.preallocation;

import java.util.List;
import java.util.Map;

import io.github.predictivegateway.plan.ResourceType;

/**
 * Decides how much of a resource type's reservable capacity each tenant gets in one step.
 * Implementations differ in where the ledger lives (this instance's memory, or Redis
 * shared by all instances); all of them keep the sum of grants within
 * {@code reservableUnits}.
 */
public interface ReservationLedger {

	/**
	 * @param step the step the grants are for
	 * @param resource the resource type
	 * @param requests at most one request per tenant
	 * @param reservableUnits the most that may be granted in total, units per step
	 * @return the grant per tenant, units per step; tenants granted nothing may be absent
	 */
	Map<String, Long> grant(long step, ResourceType resource, List<ReservationRequest> requests, long reservableUnits);

}
