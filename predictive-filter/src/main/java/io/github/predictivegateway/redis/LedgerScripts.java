package io.github.predictivegateway.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The atomic changes of a step's shared ledger (see {@link RedisLeases}), each one call
 * to the store: {@link RedisLedgerScripts} runs them as Lua scripts in Redis. A call may
 * throw at once (not connected) or complete exceptionally; when it completes normally the
 * change was made, whenever that is.
 *
 * <p>
 * A ledger is installed in three kinds of call, none of which holds the store for more
 * than one chunk of grants: {@link #claim} (one instance writes, the others wait for it),
 * {@link #stage} a chunk at a time into a hash of the claimant's own, then
 * {@link #commit}, which renames that hash to the ledger's name unless a ledger is there.
 */
interface LedgerScripts {

	/** {@link #claim}'s answer: the ledger exists; nothing to write. */
	long INSTALLED = 1;

	/** {@link #claim}'s answer: another instance is writing the ledger. */
	long BUSY = 0;

	/** {@link #claim}'s answer: this instance may write the ledger. */
	long CLAIMED = 2;

	/**
	 * One round trip: {@link #INSTALLED} if the ledger {@code key} exists, else
	 * {@link #CLAIMED} if {@code claimKey} is free or held by {@code owner} (it is then
	 * held by {@code owner} for {@code claimTtlMillis}), else {@link #BUSY}.
	 */
	CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis);

	/**
	 * Adds a chunk of {@code grants} (field, units, field, units …) to the hash
	 * {@code stagingKey}, with an expiry of {@code ttlMillis}.
	 */
	CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants);

	/**
	 * If the ledger {@code key} does not exist: makes the hash {@code stagingKey} (or an
	 * empty one) the ledger, with an expiry of {@code ttlMillis}, and frees the claim if
	 * {@code owner} holds it; completes with 1. If it exists: drops the staged hash;
	 * completes with 0.
	 */
	CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner, long ttlMillis);

	/**
	 * Takes {@code n = min(want, left)} units of {@code field}; completes with {@code n}.
	 */
	CompletableFuture<Long> lease(String key, byte[] field, long want);

	/**
	 * Adds {@code units} back to {@code field} if the ledger still exists; completes with
	 * what was added.
	 */
	CompletableFuture<Long> giveBack(String key, byte[] field, long units);

}
