package io.github.predictivegateway.redis;

import java.util.List;
import java.util.Map;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.ReservationLedger;
import io.github.predictivegateway.preallocation.ReservationRequest;

/**
 * The reservation ledger of distributed mode: grants are decided as locally (weighted
 * max-min fairness, by the delegate), then written to Redis as the step's shared ledger,
 * once for the whole cluster ({@link RedisLeases#install}): the first instance to prepare
 * a step writes its grants, and its pool (the reservable units no grant holds, for
 * in-step top-ups: {@link RedisSharedPool}), later ones find them in place and lease from
 * them. Instances see the same forecasts and plans, so they compute the same grants; if
 * they differ (a forecast refreshed in between), the first write stands and no grant is
 * ever counted twice.
 *
 * <p>
 * Writing is asynchronous (the preparing thread never waits for Redis) and retried until
 * the ledger is in place or the step ends; until then the step has no shared grants, and
 * pre-allocated requests go to the standard bucket under the route's failure policy.
 */
public final class RedisReservationLedger implements ReservationLedger {

	private final ReservationLedger decider;

	private final RedisLeases leases;

	public RedisReservationLedger(ReservationLedger decider, RedisLeases leases) {
		this.decider = decider;
		this.leases = leases;
	}

	@Override
	public Map<String, Long> grant(long step, ResourceType resource, List<ReservationRequest> requests,
			long reservableUnits) {
		Map<String, Long> grants = this.decider.grant(step, resource, requests, reservableUnits);
		long pool = reservableUnits;
		for (long units : grants.values()) {
			pool -= units;
		}
		this.leases.install(step, resource, grants, pool).exceptionally(ex -> false);
		return grants;
	}

}
