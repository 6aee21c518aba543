package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.predictivegateway.test.RedisClusterTestServer;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.test.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test of a Redis implementation needs: the shared test Redis (one server, or the
 * test Redis Cluster: {@link #onCluster()}), a key prefix of the test's own, connections
 * ("instances") that are open when handed out, and a clean up that closes them and
 * deletes the test's keys (never anything else).
 */
final class RedisFixture implements AutoCloseable {

	private final TestRedis redis;

	/** On the shared test Redis server. */
	RedisFixture() {
		this(RedisTestServer.shared());
	}

	RedisFixture(TestRedis redis) {
		this.redis = redis;
	}

	/** On the three-master test Redis Cluster, started once per JVM. */
	static RedisFixture onCluster() {
		return new RedisFixture(RedisClusterTestServer.shared());
	}

	private final String prefix = RedisTestServer.newPrefix();

	private final Deque<AutoCloseable> open = new ArrayDeque<>();

	TestRedis redis() {
		return this.redis;
	}

	String prefix() {
		return this.prefix;
	}

	RedisKeys keys() {
		return new RedisKeys(this.prefix);
	}

	/** A new connection to the test Redis, open. */
	RedisConnector connector() {
		RedisConnector connector = closeAfter(
				new RedisConnector(this.redis.uris(), this.redis.cluster(), Duration.ofSeconds(2)));
		connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(2);
		}
		assertThat(connector.isConnected()).as("connected to Redis").isTrue();
		return connector;
	}

	/**
	 * A connection to a port where nothing listens: every call fails at once (port 1 is
	 * privileged and never bound by a test).
	 */
	RedisConnector unreachable() {
		return closeAfter(new RedisConnector(List.of(RedisURI.create("127.0.0.1", 1)), this.redis.cluster(),
				Duration.ofMillis(200)));
	}

	/**
	 * A guard that never gets in a test's way: 2 s per call, its circuit opening only
	 * after 5 failures.
	 */
	static RedisGuard guard() {
		return new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry());
	}

	/** Closes {@code closeable} at {@link #close()}, the last opened first. */
	<T extends AutoCloseable> T closeAfter(T closeable) {
		this.open.push(closeable);
		return closeable;
	}

	@Override
	public void close() throws Exception {
		while (!this.open.isEmpty()) {
			this.open.pop().close();
		}
		this.redis.deleteKeys(this.prefix);
	}

}
