package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.standard.StoreUnavailableException;

/**
 * The one Lettuce connection of distributed mode (keys as UTF-8 strings, values as
 * bytes), made without ever blocking a caller: it is opened in the background on first
 * use, and until it is open every call fails at once with
 * {@link StoreUnavailableException}, which the failure policy turns into a fallback
 * decision. Once open, Lettuce reconnects by itself after an outage.
 *
 * <p>
 * Commands issued while the connection is down are rejected at once rather than buffered
 * (Lettuce's default would queue them in memory until Redis returns), and Lettuce gives
 * up on a command after {@link #commandTimeout commandTimeout(timeout)}, not
 * {@code timeout} itself: a caller stops waiting after {@code timeout}
 * ({@link RedisGuard}), but an answer that comes later still completes the command, so
 * that what Redis did is not lost (a lease's units are credited; see
 * {@link RedisLeases}). A gateway therefore starts, and keeps answering, without Redis.
 */
public final class RedisConnector implements AutoCloseable {

	static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private static final Log logger = LogFactory.getLog(RedisConnector.class);

	private static final long RETRY_CONNECT_NANOS = Duration.ofMillis(500).toNanos();

	/**
	 * How often a cluster connection reads the topology again when nothing told it to (a
	 * {@code MOVED} or a lost node triggers a refresh at once).
	 */
	private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

	private final AbstractRedisClient client;

	private final ClientResources resources;

	private final List<RedisURI> uris;

	private final LongSupplier nanoTime;

	private final AtomicBoolean connecting = new AtomicBoolean();

	private volatile RedisClusterAsyncCommands<String, byte[]> commands;

	private volatile StatefulConnection<String, byte[]> connection;

	private @Nullable RedisStreamCommands<String, String> streams;

	private volatile @Nullable StatefulConnection<String, String> streamConnection;

	private volatile long nextAttemptNanos;

	private volatile boolean closed;

	/**
	 * @param uris one URI for a single server, several for a Redis Cluster (its seed
	 * nodes)
	 * @param cluster whether {@code uris} are the seed nodes of a Redis Cluster
	 * @param timeout the longest a caller waits for a command (Lettuce waits
	 * {@link #commandTimeout} of it)
	 */
	public RedisConnector(List<RedisURI> uris, boolean cluster, Duration timeout) {
		this(uris, cluster, timeout, System::nanoTime);
	}

	RedisConnector(List<RedisURI> uris, boolean cluster, Duration timeout, LongSupplier nanoTime) {
		if (uris.isEmpty()) {
			throw new IllegalArgumentException("at least one Redis URI is needed");
		}
		this.uris = List.copyOf(uris);
		this.nanoTime = nanoTime;
		this.nextAttemptNanos = nanoTime.getAsLong();
		// reconnect soon after Redis returns: 10 ms, doubling, at most 1 s apart
		// (Lettuce's default goes up to 30 s)
		this.resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
					java.util.concurrent.TimeUnit.MILLISECONDS))
			.build();
		SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build();
		TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout(timeout));
		if (cluster) {
			RedisClusterClient clusterClient = RedisClusterClient.create(this.resources, this.uris);
			clusterClient.setOptions(options(ClusterClientOptions.builder(), socket, timeouts)
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(TOPOLOGY_REFRESH)
					.build())
				.build());
			this.client = clusterClient;
		}
		else {
			RedisClient single = RedisClient.create(this.resources);
			single.setOptions(options(ClientOptions.builder(), socket, timeouts).build());
			this.client = single;
		}
	}

	/**
	 * The options of either client, single server or cluster: reconnect by itself, and
	 * reject commands while disconnected rather than buffer them.
	 */
	private static <B extends ClientOptions.Builder> B options(B builder, SocketOptions socket,
			TimeoutOptions timeouts) {
		builder.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(socket)
			.timeoutOptions(timeouts);
		return builder;
	}

	/**
	 * How long Lettuce keeps a command waiting for its answer:
	 * {@code max(1 s, 20 × timeout)}. Far beyond what a caller waits, so a slow answer
	 * still reaches the command; bounded, so a server that stopped answering without
	 * closing the connection holds only the commands of that time (the circuit breaker
	 * soon stops sending more).
	 */
	static Duration commandTimeout(Duration timeout) {
		Duration twenty = timeout.multipliedBy(20);
		return (twenty.compareTo(Duration.ofSeconds(1)) > 0) ? twenty : Duration.ofSeconds(1);
	}

	/**
	 * The asynchronous commands of the open connection.
	 * @throws StoreUnavailableException when it is not open yet (an attempt to open it is
	 * then under way)
	 */
	public RedisClusterAsyncCommands<String, byte[]> commands() {
		RedisClusterAsyncCommands<String, byte[]> open = this.commands;
		if (open != null) {
			return open;
		}
		connectInBackground();
		throw new StoreUnavailableException("not connected to Redis yet", null);
	}

	/** Whether the connection is open now (Lettuce may be reconnecting an open one). */
	public boolean isConnected() {
		StatefulConnection<String, byte[]> open = this.connection;
		return open != null && open.isOpen();
	}

	/**
	 * Starts opening the connection, unless it is open, being opened, or failed less than
	 * 500 ms ago.
	 */
	public void connectInBackground() {
		if (this.closed || this.commands != null || this.nanoTime.getAsLong() - this.nextAttemptNanos < 0
				|| !this.connecting.compareAndSet(false, true)) {
			return;
		}
		CompletableFuture<? extends StatefulConnection<String, byte[]>> future;
		try {
			future = (this.client instanceof RedisClusterClient clusterClient) ? connectCluster(clusterClient)
					: ((RedisClient) this.client).connectAsync(CODEC, this.uris.get(0)).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			failed(ex);
			return;
		}
		future.whenComplete((opened, ex) -> {
			if (ex != null) {
				failed(ex);
				return;
			}
			// the commands first: isConnected() reads the connection, and a caller it
			// told
			// "connected" must find the commands
			this.commands = (opened instanceof StatefulRedisClusterConnection<String, byte[]> c) ? c.async()
					: ((StatefulRedisConnection<String, byte[]>) opened).async();
			this.connection = opened;
			this.connecting.set(false);
			if (this.closed) {
				opened.closeAsync();
			}
			logger.info("Connected to Redis at " + this.uris);
		});
	}

	/**
	 * Makes the open connection ready for the first burst, so that no request pays for a
	 * first use: every master of a cluster gets its connection opened (Lettuce opens a
	 * node's connection on the first command routed to it, and a command waits for it,
	 * whatever the disconnected behaviour; the connection is asked for by the master's
	 * host and port, the key under which Lettuce keeps the connection it routes a key's
	 * commands to, since one asked for by node id is a separate connection), answers a
	 * {@code PING} (a round trip), and loads every script ({@code SCRIPT LOAD}, so that
	 * the first {@code EVAL} of each finds it compiled on the node that runs it); a
	 * single server does the same on its one connection.
	 * @param scripts the Lua scripts distributed mode runs
	 * @return the masters warmed up (1 for a single server); failed with
	 * {@link StoreUnavailableException} when the connection is not open yet (an attempt
	 * to open it is then under way), or with Lettuce's error when a node failed
	 */
	public CompletableFuture<Integer> warmUp(Collection<String> scripts) {
		RedisClusterAsyncCommands<String, byte[]> open;
		try {
			open = commands();
		}
		catch (StoreUnavailableException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (this.connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
			List<CompletableFuture<Void>> masters = new ArrayList<>();
			for (RedisClusterNode node : cluster.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					// by host and port, as Lettuce routes a key's command: a connection
					// asked
					// for by node id is another one, and the first request to each master
					// would still open its own (issue 18: a first burst timed out on a
					// cluster)
					masters.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
						.thenCompose(master -> warmUp(master.async(), scripts)));
				}
			}
			return CompletableFuture.allOf(masters.toArray(CompletableFuture[]::new)).thenApply(done -> masters.size());
		}
		return warmUp(open, scripts).thenApply(done -> 1);
	}

	private static CompletableFuture<Void> warmUp(RedisClusterAsyncCommands<String, byte[]> node,
			Collection<String> scripts) {
		List<CompletableFuture<?>> calls = new ArrayList<>();
		calls.add(node.ping().toCompletableFuture());
		for (String script : scripts) {
			calls.add(node.scriptLoad(script).toCompletableFuture());
		}
		return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
	}

	/**
	 * A cluster connection, opened without blocking: the topology is read from the seed
	 * nodes first ({@code refreshPartitionsAsync}), because Lettuce's asynchronous
	 * connect does not read it itself and fails with "Partitions not initialized" (only
	 * its blocking {@code connect()} does, which would block this caller for the connect
	 * timeout when Redis is down). Without it a gateway never connected to a cluster and
	 * decided every request by its failure policy.
	 */
	private static CompletableFuture<StatefulRedisClusterConnection<String, byte[]>> connectCluster(
			RedisClusterClient client) {
		return client.refreshPartitionsAsync()
			.toCompletableFuture()
			.thenCompose(read -> client.connectAsync(CODEC).toCompletableFuture());
	}

	private void failed(Throwable ex) {
		this.nextAttemptNanos = this.nanoTime.getAsLong() + RETRY_CONNECT_NANOS;
		this.connecting.set(false);
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		logger.warn("Could not connect to Redis at " + this.uris + " (will retry): " + ex.getMessage()
				+ ((cause != ex) ? " (" + cause + ")" : ""));
	}

	/**
	 * Blocking commands with string values, on a connection of their own opened at the
	 * first call: for reading the usage stream on a scheduler thread (never a request's).
	 * @throws RuntimeException when Redis cannot be reached now (the next call tries
	 * again)
	 */
	public synchronized RedisStreamCommands<String, String> streamCommands() {
		if (this.streams == null) {
			StatefulConnection<String, String> opened = (this.client instanceof RedisClusterClient clusterClient)
					? clusterClient.connect(StringCodec.UTF8)
					: ((RedisClient) this.client).connect(StringCodec.UTF8, this.uris.get(0));
			this.streamConnection = opened;
			this.streams = (opened instanceof io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String> c)
					? c.sync() : ((io.lettuce.core.api.StatefulRedisConnection<String, String>) opened).sync();
		}
		return this.streams;
	}

	@Override
	public void close() {
		this.closed = true;
		StatefulConnection<String, byte[]> open = this.connection;
		if (open != null) {
			open.close();
		}
		StatefulConnection<String, String> streaming = this.streamConnection;
		if (streaming != null) {
			streaming.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
	}

}
