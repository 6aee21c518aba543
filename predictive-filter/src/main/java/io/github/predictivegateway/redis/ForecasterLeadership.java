package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

/**
 * Which gateway instance runs the cluster's one embedded forecaster, in distributed mode
 * without a sidecar: a lease in Redis ({@code {forecaster}:leader}, held for
 * {@code lease}, renewed every third of it, at most every second) with a fencing epoch,
 * raised by each new leader ({@code {forecaster}:epoch}). The leader trains on every
 * instance's usage (the usage stream) and publishes its forecast snapshot
 * ({@code {forecaster}:snapshot}); a write carries the writer's epoch and is refused once
 * a later leader exists, so a leader that stalled past its lease can no longer overwrite
 * its successor's forecasts. The other instances read that snapshot: every instance
 * prepares grants from the same forecasts, none from its own share of the usage. A leader
 * that dies stops renewing and another instance takes over when the lease lapses; one
 * that closes gives the lease up at once.
 */
public final class ForecasterLeadership implements AutoCloseable {

	static final String RENEW = """
			local held = redis.call('GET', KEYS[1])
			if held then
			  local at = string.find(held, ':', 1, true)
			  if string.sub(held, 1, at - 1) == ARGV[1] then
			    redis.call('PEXPIRE', KEYS[1], ARGV[2])
			    return tonumber(string.sub(held, at + 1))
			  end
			  return 0
			end
			local epoch = redis.call('INCR', KEYS[2])
			redis.call('SET', KEYS[1], ARGV[1] .. ':' .. epoch, 'PX', ARGV[2])
			return epoch""";

	static final String PUBLISH = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			if ARGV[3] then
			  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
			  return 1
			end
			return redis.call('PEXPIRE', KEYS[2], ARGV[2])""";

	static final String RESIGN = """
			local held = redis.call('GET', KEYS[1])
			if held and string.sub(held, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. ':' then
			  redis.call('DEL', KEYS[1])
			  return 1
			end
			return 0""";

	/** The scripts, for the warm-up ({@link RedisWarmUp}). */
	static final List<String> SCRIPTS = List.of(RENEW, PUBLISH, RESIGN);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String leaderKey;

	private final String epochKey;

	private final String snapshotKey;

	private final Duration lease;

	private final Duration keep;

	private final String owner = UUID.randomUUID().toString();

	private volatile long epoch;

	public ForecasterLeadership(RedisConnector connector, RedisKeys keys, RedisGuard guard, Duration lease) {
		this(connector, keys, guard, lease, lease);
	}

	/**
	 * @param refresh how often the leader writes (or keeps) its snapshot and the others
	 * read it: the snapshot is kept for three leases or three refreshes, whichever is
	 * longer, so that it does not expire between two writes (issue 18: in compressed time
	 * a 1 s lease kept it 3 s, the 10 s refresh let it lapse, and the followers served no
	 * forecasts)
	 */
	public ForecasterLeadership(RedisConnector connector, RedisKeys keys, RedisGuard guard, Duration lease,
			Duration refresh) {
		if (lease.isNegative() || lease.isZero()) {
			throw new IllegalArgumentException("the forecaster lease must be positive, got " + lease);
		}
		this.connector = connector;
		this.guard = guard;
		this.leaderKey = keys.forecaster("leader");
		this.epochKey = keys.forecaster("epoch");
		this.snapshotKey = keys.forecaster("snapshot");
		this.lease = lease;
		this.keep = ((refresh.compareTo(lease) > 0) ? refresh : lease).multipliedBy(3);
	}

	/**
	 * How often {@link #renew} should run: a third of the lease, at most a second (a
	 * follower asks that often, so it takes over within a second of a leader resigning).
	 */
	public Duration renewInterval() {
		Duration third = this.lease.dividedBy(3);
		return (third.compareTo(Duration.ofSeconds(1)) < 0) ? third : Duration.ofSeconds(1);
	}

	/**
	 * Takes the lease if nobody holds it, or extends it if this instance does.
	 * @return this instance's epoch while it leads, 0 while another does; on a failed
	 * call (Redis down) the leadership is given up here too, since the lease may lapse
	 * meanwhile
	 */
	public long renew() {
		long renewed;
		try {
			renewed = this.guard
				.<Long>background(() -> eval(RENEW, new String[] { this.leaderKey, this.epochKey }, text(this.owner),
						text(Long.toString(this.lease.toMillis()))))
				.join();
		}
		catch (RuntimeException ex) {
			renewed = 0;
		}
		this.epoch = renewed;
		return renewed;
	}

	/** This instance's epoch while it leads (as of the last {@link #renew}), else 0. */
	public long epoch() {
		return this.epoch;
	}

	public boolean isLeader() {
		return this.epoch > 0;
	}

	/**
	 * Writes the cluster's forecast snapshot, if {@code epoch} is still the latest
	 * leader's, to be kept for three leases (or three refreshes, if longer): when the
	 * leader stops writing it, the others stop serving it as fresh (their own staleness
	 * rules then apply).
	 * @param snapshot the snapshot, or {@code null} to keep the one written last (its
	 * expiry extended)
	 * @return whether it was written (or kept)
	 */
	public CompletableFuture<Boolean> publish(long epoch, byte @Nullable [] snapshot) {
		byte[] keep = text(Long.toString(this.keep.toMillis()));
		byte[][] args = (snapshot != null) ? new byte[][] { text(Long.toString(epoch)), keep, snapshot }
				: new byte[][] { text(Long.toString(epoch)), keep };
		return this.guard.<Long>background(() -> eval(PUBLISH, new String[] { this.epochKey, this.snapshotKey }, args))
			.thenApply(written -> written == 1L);
	}

	/**
	 * The cluster's forecast snapshot as the leader last wrote it, or {@code null} when
	 * no leader has written it for three leases (or three refreshes, if longer).
	 */
	public CompletableFuture<byte @Nullable []> snapshot() {
		return this.guard.background(() -> this.connector.commands().get(this.snapshotKey).toCompletableFuture());
	}

	/** Gives the lease up if this instance holds it, so another takes over at once. */
	@Override
	public void close() {
		this.epoch = 0;
		try {
			this.guard.<Long>background(() -> eval(RESIGN, new String[] { this.leaderKey }, text(this.owner)))
				.get(1, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private CompletableFuture<Long> eval(String script, String[] keys, byte[]... args) {
		return this.connector.commands().<Long>eval(script, ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
	}

	private static byte[] text(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
