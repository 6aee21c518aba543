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
 * <li><b>return</b> {@code n}: {@code left += n}, if the hash still exists.</li>
 * </ul>
 */
final class RedisLedgerScripts implements LedgerScripts {

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
			redis.call('HSET', KEYS[2], '~', '0')
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

	/** Every script above, loaded on every node before the instance reports ready. */
	static final List<String> SCRIPTS = List.of(CLAIM, STAGE, COMMIT, LEASE, RETURN);

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
