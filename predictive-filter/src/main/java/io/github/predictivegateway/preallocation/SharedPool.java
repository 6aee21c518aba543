package io.github.predictivegateway.preallocation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.predictivegateway.plan.ResourceType;

/**
 * The pool of a reservation ledger every gateway instance shares (distributed mode): the
 * step's reservable capacity no tenant's grant holds, which {@link InStepAdjustment} tops
 * grants up from and releases idle grants to, when the grants are leased from that ledger
 * rather than held in this instance's memory. Each change is atomic in the shared store,
 * so two instances never hand out the same unit of the pool, never release the same unit
 * of a grant twice, and a plan's max-preallocation bounds a tenant's top-ups
 * cluster-wide.
 *
 * <p>
 * Calls never block: each completes when the store answered, with the units it moved (the
 * adjustment counts them in its meters), or with 0 when the store failed.
 */
public interface SharedPool {

	/**
	 * Moves what {@code asks} ask for from the pool into this instance's part of each
	 * tenant's grant (one is made for a tenant that had none this step, in
	 * {@code grants}): every ask is first reduced by what of the tenant's grant this
	 * instance may still lease (its share of what no instance leased yet), then cut to
	 * what the tenant's plan still allows ({@code maxPreallocation} less its installed
	 * grant and its top-ups so far, cluster-wide); if the pool does not hold them all,
	 * they share it by weighted max-min fairness.
	 * @return completes with the units moved
	 */
	CompletableFuture<Long> topUp(StepGrants grants, ResourceType resource, List<Ask> asks);

	/**
	 * Moves to the pool what each of {@code tenants}' grants holds in the shared ledger
	 * (not leased to an instance) above its pace, {@code ⌈peak × paceShare⌉}, where
	 * {@code peak} is the installed grant plus every top-up of the step, cluster-wide.
	 * Idempotent: instances releasing in the same window, with the same
	 * {@code paceShare}, release each unit once.
	 * @param paceShare the share of its peak a grant keeps, within [0, 1]
	 * @return completes with the units released
	 */
	CompletableFuture<Long> release(StepGrants grants, ResourceType resource, List<String> tenants, double paceShare);

	/**
	 * How many instances are expected to share the pool, each seeing about that share of
	 * a tenant's requests: an instance counts that share of a refused tenant's standard
	 * rate in its need, so that the instances' asks add up to the tenant's need.
	 */
	int instances();

	/**
	 * One instance's top-up ask for one tenant.
	 *
	 * @param tenant who asks
	 * @param units what this instance's share of the tenant's demand needs beyond what it
	 * holds
	 * @param weight the plan's share when the pool is short
	 * @param maxPreallocation the plan's max-preallocation,
	 * {@link io.github.predictivegateway.plan.ResourceLimit#NO_PREALLOCATION_CAP} when it
	 * sets none
	 */
	record Ask(String tenant, long units, double weight, long maxPreallocation) {
	}

}
