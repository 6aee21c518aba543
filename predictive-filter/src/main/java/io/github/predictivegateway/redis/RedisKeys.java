package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.wire.UsageStream;

/**
 * The key layout of distributed mode. Every key starts with a configurable prefix and
 * carries a Redis Cluster hash tag, so that what one Lua script touches lives in one
 * slot:
 *
 * <pre>
 * {prefix}{t:&lt;tenant&gt;}:bucket:&lt;resource&gt;          standard bucket (Bucket4j state), one per tenant × resource
 * {prefix}{r:&lt;resource&gt;}:ledger:&lt;step&gt;           reservation ledger of one step: hash tenant → units not yet leased
 * {prefix}{r:&lt;resource&gt;}:gate                      the shared capacity gate of a resource type
 * {prefix}{usage}:stream                         usage records of every instance (a stream; every sidecar reads it all)
 * {prefix}{usage}:step:&lt;step&gt;                    every instance's usage of one step (a hash), added up by each
 * {prefix}{forecaster}:leader|epoch|snapshot     the cluster's one embedded forecaster: who leads, its fencing epoch, its forecasts
 * {prefix}{warm-up}:bucket                       the bucket of an instance's warm-up round trip ({@link RedisWarmUp})
 * </pre>
 *
 * Per-request keys (the standard bucket) are tagged by tenant, so tenants spread over the
 * cluster; a step's ledger is tagged by resource type, because the grants of all tenants
 * of one resource are written together, once per step, and leases take chunks from it
 * rarely. A forecast sidecar sharded by tenant hash can use the same {@code {t:…}} tag.
 *
 * <p>
 * Tenant ids and resource names are <b>percent-encoded</b>: every byte of their UTF-8
 * form outside {@code [A-Za-z0-9._-]} becomes {@code %XX}. The encoding is injective and
 * its output never holds {@code {}, {@code }}, {@code :} or {@code %} unescaped, so no
 * tenant id can reach another tenant's key, another key type or another hash slot.
 */
public final class RedisKeys {

	private final String prefix;

	/**
	 * @param prefix the start of every key, for example {@code predictive:}; encoded like
	 * a tenant id
	 */
	public RedisKeys(String prefix) {
		this.prefix = encode(prefix).replace("%3A", ":");
	}

	public String standardBucket(String tenant, ResourceType resource) {
		return this.prefix + "{t:" + encode(tenant) + "}:bucket:" + encode(resource.name());
	}

	/**
	 * The stream usage batches are added to. One key for all tenants: every sidecar reads
	 * every record (each serves forecasts for all series), so spreading it over slots
	 * would buy nothing.
	 */
	public String usageStream() {
		return UsageStream.key(this.prefix);
	}

	/**
	 * Every instance's usage of one step, added up by each instance to learn from the
	 * cluster's demand ({@link RedisClusterUsage}).
	 */
	public String stepUsage(long step) {
		return this.prefix + "{usage}:step:" + step;
	}

	/**
	 * The cluster's embedded forecaster's keys ({@link ForecasterLeadership}): its
	 * {@code leader}, {@code epoch} and {@code snapshot}, in one slot.
	 */
	public String forecaster(String part) {
		return this.prefix + "{forecaster}:" + part;
	}

	public String ledger(ResourceType resource, long step) {
		return this.prefix + "{r:" + encode(resource.name()) + "}:ledger:" + step;
	}

	/**
	 * The Bucket4j bucket an instance's warm-up takes a token from: a key of its own
	 * (tenant keys are tagged {@code {t:…}}), expiring by itself.
	 */
	public String warmUp() {
		return this.prefix + "{warm-up}:bucket";
	}

	public String gate(ResourceType resource) {
		return this.prefix + "{r:" + encode(resource.name()) + "}:gate";
	}

	/**
	 * A tenant id as a field of a ledger hash (the same encoding, so the field is
	 * printable).
	 */
	public static String field(String tenant) {
		return encode(tenant);
	}

	public String prefix() {
		return this.prefix;
	}

	/** Percent-encodes every UTF-8 byte outside {@code [A-Za-z0-9._-]}. */
	static String encode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = null;
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.'
					|| b == '_' || b == '-';
			if (plain && out == null) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(bytes.length + 16).append(value, 0, i);
			}
			if (plain) {
				out.append((char) b);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		return (out != null) ? out.toString() : value;
	}

}
