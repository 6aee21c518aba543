package io.github.predictivegateway.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The atomic changes of a step's shared ledger's pool ({@link RedisSharedPool}), each one
 * call to the store: {@link RedisLedgerScripts} runs them as Lua scripts in Redis. A call
 * may throw at once (not connected) or complete exceptionally; when it completes normally
 * the change was made, whenever that is. Both do nothing when the ledger {@code key} does
 * not exist (not installed yet, or its step long over).
 */
interface PoolScripts {

	/**
	 * {@code asks} are triples (tenant field, units, cap): each ask is first reduced by
	 * the caller's share of the tenant's grant not yet leased,
	 * {@code ⌊field / instances⌋} (units its leases will bring: a tenant spending its
	 * grant at its pace needs nothing of the pool), then cut to {@code cap} less the
	 * units the tenant was topped up in the step so far (no cut when {@code cap} is
	 * negative); if the pool holds the sum, each ask moves from the pool to the tenant's
	 * top-ups. Completes with {@code [moved, pool, n₁, n₂, …]}: {@code moved} 1 and the
	 * pool left after the move, or 0 and the pool that was too short (nothing moved);
	 * {@code nᵢ} the asks as cut. {@code [0, 0]} when the ledger does not exist.
	 */
	CompletableFuture<List<Long>> topUp(String key, int instances, List<byte[]> asks);

	/**
	 * {@code grants} are pairs (tenant field, installed grant): each tenant's field keeps
	 * at most {@code ⌈(installed + its top-ups) × share⌉} units, the rest moves to the
	 * pool. Running it again with the same arguments moves nothing. Completes with the
	 * units moved.
	 */
	CompletableFuture<Long> release(String key, double share, List<byte[]> grants);

}
