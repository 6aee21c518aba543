package io.github.predictivegateway.test;

import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;

/**
 * A Redis a test runs against: one server ({@link RedisTestServer}) or a Redis Cluster
 * ({@link RedisClusterTestServer}). Tests write under a key prefix of their own and
 * delete only those keys.
 */
public interface TestRedis {

	/** One URI for a single server, every master for a cluster. */
	List<RedisURI> uris();

	/** Whether {@link #uris()} are the nodes of a Redis Cluster. */
	boolean cluster();

	/**
	 * Sends one command (to the node that holds its key, for a cluster) and returns its
	 * reply's first line, or for a bulk string its value ({@code null} when absent);
	 * tests only: blocking, tiny.
	 */
	String command(String... args);

	/** Deletes the keys under {@code prefix}, and nothing else. */
	void deleteKeys(String prefix);

	/** Boot's {@code spring.data.redis.*} properties that connect a gateway here. */
	Map<String, Object> springProperties();

}
