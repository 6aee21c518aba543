package io.github.predictivegateway.wire;

/**
 * The Redis usage stream that gateways add usage batches to and every sidecar reads
 * (distributed mode): one key for all tenants, each entry a batch in one field.
 */
public final class UsageStream {

	/** The entry field that holds the batch, as {@link UsageBatchCodec} writes it. */
	public static final String BATCH_FIELD = "batch";

	/**
	 * What follows the gateways' key prefix ({@code predictive.redis.key-prefix}) in the
	 * stream's key; the hash tag keeps it in one Redis Cluster slot.
	 */
	public static final String KEY_SUFFIX = "{usage}:stream";

	/**
	 * The key under the default prefix {@code predictive:}: the sidecar's default
	 * {@code sidecar.usage.stream}.
	 */
	public static final String DEFAULT_KEY = "predictive:" + KEY_SUFFIX;

	private UsageStream() {
	}

	/** The stream's key under a (Redis-encoded) key prefix. */
	public static String key(String prefix) {
		return prefix + KEY_SUFFIX;
	}

}
