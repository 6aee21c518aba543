package io.github.predictivegateway.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.bucket4j.redis.consts.LuaScripts;

/**
 * What distributed mode does before an instance reports ready, so that the first burst
 * after a start is decided by Redis and not by the failure policy. A fresh instance pays
 * for every first use at once: the connection (for a Redis Cluster, one per master, which
 * Lettuce opens on the first command routed to it), each Lua script's compilation on each
 * node, and this JVM's own first run of the code of a decision (class loading,
 * interpreted code). Paid by the first requests, that is more than a 50 ms
 * {@code predictive.redis.timeout}: issue 18 reports 13–26 timeouts in a first burst of
 * 50 requests, the circuit opened and the fail-open buckets over-admitted.
 *
 * <p>
 * One {@link #attempt()}:
 * <ol>
 * <li>the connection is open (else the attempt fails at once and the connector starts
 * opening it);</li>
 * <li>every master answers a {@code PING} and loads every script ({@link #scripts()},
 * {@code SCRIPT LOAD}): {@link RedisConnector#warmUp};</li>
 * <li>then each round trip given, e.g. the two kinds of decision of the standard buckets
 * on a bucket of its own ({@link RedisStandardBuckets#warmUp}).</li>
 * </ol>
 * None of it goes through the {@link RedisGuard}: no request waits on it, so it is
 * neither cut at the request timeout nor counted in the meters of requests' calls. The
 * caller (the gateway's start-up) repeats attempts until one succeeds or its own time
 * limit passes.
 */
public final class RedisWarmUp {

	private final RedisConnector connector;

	private final List<String> scripts;

	private final List<Supplier<CompletableFuture<?>>> roundTrips;

	/**
	 * @param scripts the scripts to load on every master, usually {@link #scripts()}
	 * @param roundTrips calls through the code of a decision, made once the scripts are
	 * loaded
	 */
	public RedisWarmUp(RedisConnector connector, List<String> scripts,
			List<Supplier<CompletableFuture<?>>> roundTrips) {
		this.connector = connector;
		this.scripts = List.copyOf(scripts);
		this.roundTrips = List.copyOf(roundTrips);
	}

	/**
	 * Every Lua script distributed mode runs: Bucket4j's compare-and-swap scripts (the
	 * standard buckets and the capacity gates), the ledger's (install and leases) and the
	 * cluster forecaster's lease.
	 */
	public static List<String> scripts() {
		List<String> scripts = new ArrayList<>(List.of(LuaScripts.SCRIPT_SET_NX_PX, LuaScripts.SCRIPT_SET_NX,
				LuaScripts.SCRIPT_COMPARE_AND_SWAP_PX, LuaScripts.SCRIPT_COMPARE_AND_SWAP));
		scripts.addAll(RedisLedgerScripts.SCRIPTS);
		scripts.addAll(ForecasterLeadership.SCRIPTS);
		return List.copyOf(scripts);
	}

	/**
	 * One warm-up, as the class comment says.
	 * @return the masters warmed up (1 for a single server); failed when the connection
	 * is not open yet or a call failed
	 */
	public CompletableFuture<Integer> attempt() {
		return this.connector.warmUp(this.scripts).thenCompose(masters -> {
			List<CompletableFuture<?>> calls = new ArrayList<>();
			for (Supplier<CompletableFuture<?>> roundTrip : this.roundTrips) {
				try {
					calls.add(roundTrip.get());
				}
				catch (RuntimeException ex) {
					calls.add(CompletableFuture.failedFuture(ex));
				}
			}
			return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> masters);
		});
	}

}
