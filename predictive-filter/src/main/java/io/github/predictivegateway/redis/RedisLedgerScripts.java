package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;

/**
 * The ledger's changes as Lua scripts on the connector's connection, so each is atomic in
 * Redis:
 * <ul>
 * <li><b>claim</b>: if the ledger exists, nothing; otherwise the claim key, if free or
 * ours;</li>
 * <li><b>stage</b>: a chunk of grants into the claimant's own hash (same hash slot);</li>
 * <li><b>commit</b>: if the ledger exists, the staged hash is unlinked; otherwise it is
 * renamed to the ledger (O(1)) and given the ledger's expiry;</li>
 * <li><b>lease</b> {@code want}: {@code n = min(want, left)}; {@code left -= n}; returns
 * {@code n};</li>
 * <li><b>return</b> {@code n}: {@code left += n}, if the hash still exists;</li>
 * <li><b>top-up</b> instances, (tenant, ask, cap)…: each ask less the caller's share of
 * its tenant's grant not yet leased ({@code ⌊left / instances⌋}, which leases bring), cut
 * to its tenant's cap less its top-ups so far; if the pool holds them all, each moves
 * from the pool to the tenant's top-ups (and to the caller's lease); otherwise nothing
 * moves (the caller shares the pool it was told and asks again);</li>
 * <li><b>release</b> share, (tenant, installed)…: each tenant's field keeps at most
 * {@code ⌈(installed + top-ups) × share⌉}; the rest moves to the pool.</li>
 * </ul>
 * The ledger hash's fields: each tenant's ({@link RedisKeys#field}) units not leased;
 * {@value #POOL}, the pool (the reservable capacity no grant holds, staged with the
 * grants); {@value #TOPPED_UP} followed by a tenant's field, the units that tenant was
 * topped up in the step. Neither {@code ~} nor {@code +} is ever in a tenant's field.
 */
final class RedisLedgerScripts implements LedgerScripts, PoolScripts {

	/** The ledger hash's field of the pool. */
	static final String POOL = "~";

	/** The start of the ledger hash's field of a tenant's top-ups. */
	static final String TOPPED_UP = "+";

	static final String CLAIM = """
			if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
			local holder = redis.call('GET', KEYS[2])
			if holder and holder ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
			return 2""";

	static final String STAGE = """
			redis.call('HSET', KEYS[1], unpack(ARGV, 2))
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1""";

	static final String COMMIT = """
			if redis.call('EXISTS', KEYS[1]) == 1 then
			  redis.call('UNLINK', KEYS[2])
			  return 0
			end
			redis.call('HSETNX', KEYS[2], '~', '0')
			redis.call('RENAME', KEYS[2], KEYS[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			if redis.call('GET', KEYS[3]) == ARGV[2] then redis.call('DEL', KEYS[3]) end
			return 1""";

	static final String LEASE = """
			local left = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
			local n = math.min(left, tonumber(ARGV[2]))
			if n > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -n) end
			return n""";

	static final String RETURN = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			return tonumber(ARGV[2])""";

	static final String TOP_UP = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
			local pool = tonumber(redis.call('HGET', KEYS[1], '~') or '0')
			local instances = tonumber(ARGV[1])
			local out = {1, 0}
			local total = 0
			for i = 2, #ARGV, 3 do
			  local left = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
			  local n = math.max(0, tonumber(ARGV[i + 1]) - math.floor(left / instances))
			  local cap = tonumber(ARGV[i + 2])
			  if cap >= 0 then
			    local topped = tonumber(redis.call('HGET', KEYS[1], '+' .. ARGV[i]) or '0')
			    n = math.max(0, math.min(n, cap - topped))
			  end
			  out[#out + 1] = n
			  total = total + n
			end
			if total > pool then
			  out[1] = 0
			  out[2] = pool
			  return out
			end
			for i = 2, #ARGV, 3 do
			  local n = out[2 + (i + 1) / 3]
			  if n > 0 then redis.call('HINCRBY', KEYS[1], '+' .. ARGV[i], n) end
			end
			if total > 0 then redis.call('HINCRBY', KEYS[1], '~', -total) end
			out[2] = pool - total
			return out""";

	static final String RELEASE = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			local share = tonumber(ARGV[1])
			local released = 0
			for i = 2, #ARGV, 2 do
			  local left = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
			  if left > 0 then
			    local peak = tonumber(ARGV[i + 1]) + tonumber(redis.call('HGET', KEYS[1], '+' .. ARGV[i]) or '0')
			    local keep = math.ceil(peak * share)
			    if left > keep then
			      redis.call('HINCRBY', KEYS[1], ARGV[i], keep - left)
			      released = released + left - keep
			    end
			  end
			end
			if released > 0 then redis.call('HINCRBY', KEYS[1], '~', released) end
			return released""";

	/** Every script above, loaded on every node before the instance reports ready. */
	static final List<String> SCRIPTS = List.of(CLAIM, STAGE, COMMIT, LEASE, RETURN, TOP_UP, RELEASE);

	private final RedisConnector connector;

	RedisLedgerScripts(RedisConnector connector) {
		this.connector = connector;
	}

	@Override
	public CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis) {
		return run(CLAIM, new String[] { key, claimKey }, text(owner), bytes(claimTtlMillis));
	}

	@Override
	public CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants) {
		List<byte[]> args = new ArrayList<>(1 + grants.size());
		args.add(bytes(ttlMillis));
		args.addAll(grants);
		return run(STAGE, new String[] { stagingKey }, args.toArray(new byte[0][]));
	}

	@Override
	public CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner,
			long ttlMillis) {
		return run(COMMIT, new String[] { key, stagingKey, claimKey }, bytes(ttlMillis), text(owner));
	}

	@Override
	public CompletableFuture<Long> lease(String key, byte[] field, long want) {
		return run(LEASE, new String[] { key }, field, bytes(want));
	}

	@Override
	public CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
		return run(RETURN, new String[] { key }, field, bytes(units));
	}

	@Override
	public CompletableFuture<List<Long>> topUp(String key, int instances, List<byte[]> asks) {
		List<byte[]> args = new ArrayList<>(1 + asks.size());
		args.add(bytes(instances));
		args.addAll(asks);
		return this.connector.commands()
			.<List<Object>>eval(TOP_UP, ScriptOutputType.MULTI, new String[] { key }, args.toArray(new byte[0][]))
			.toCompletableFuture()
			.thenApply(answer -> answer.stream().map(value -> (Long) value).toList());
	}

	@Override
	public CompletableFuture<Long> release(String key, double share, List<byte[]> grants) {
		List<byte[]> args = new ArrayList<>(1 + grants.size());
		args.add(Double.toString(share).getBytes(StandardCharsets.US_ASCII));
		args.addAll(grants);
		return run(RELEASE, new String[] { key }, args.toArray(new byte[0][]));
	}

	private CompletableFuture<Long> run(String script, String[] keys, byte[]... args) {
		return this.connector.commands().<Long>eval(script, ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
	}

	private static byte[] text(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
