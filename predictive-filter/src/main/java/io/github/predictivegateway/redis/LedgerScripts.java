package io.github.predictivegateway.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The three atomic changes of a step's shared ledger (see {@link RedisLeases}), each one
 * call to the store: {@link RedisLedgerScripts} runs them as Lua scripts in Redis. A call
 * may throw at once (not connected) or complete exceptionally; when it completes normally
 * the change was made, whenever that is.
 */
interface LedgerScripts {

	/**
	 * If the ledger {@code key} does not exist: writes {@code grants} (field, units,
	 * field, units …) and an expiry of {@code ttlMillis}; completes with 1 if written, 0
	 * if the ledger was there.
	 */
	CompletableFuture<Long> install(String key, long ttlMillis, List<byte[]> grants);

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
