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
 * <li><b>install</b>: if the hash exists, nothing; otherwise every grant, and the
 * expiry;</li>
 * <li><b>lease</b> {@code want}: {@code n = min(want, left)}; {@code left -= n}; returns
 * {@code n};</li>
 * <li><b>return</b> {@code n}: {@code left += n}, if the hash still exists.</li>
 * </ul>
 */
final class RedisLedgerScripts implements LedgerScripts {

	static final String INSTALL = """
			if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
			redis.call('HSET', KEYS[1], '~', '0')
			for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
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
	static final List<String> SCRIPTS = List.of(INSTALL, LEASE, RETURN);

	private final RedisConnector connector;

	RedisLedgerScripts(RedisConnector connector) {
		this.connector = connector;
	}

	@Override
	public CompletableFuture<Long> install(String key, long ttlMillis, List<byte[]> grants) {
		List<byte[]> args = new ArrayList<>(1 + grants.size());
		args.add(bytes(ttlMillis));
		args.addAll(grants);
		return run(INSTALL, key, args.toArray(new byte[0][]));
	}

	@Override
	public CompletableFuture<Long> lease(String key, byte[] field, long want) {
		return run(LEASE, key, field, bytes(want));
	}

	@Override
	public CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
		return run(RETURN, key, field, bytes(units));
	}

	private CompletableFuture<Long> run(String script, String key, byte[]... args) {
		return this.connector.commands()
			.<Long>eval(script, ScriptOutputType.INTEGER, new String[] { key }, args)
			.toCompletableFuture();
	}

	static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
