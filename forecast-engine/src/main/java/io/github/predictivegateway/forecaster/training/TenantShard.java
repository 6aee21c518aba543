package io.github.predictivegateway.forecaster.training;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which tenants one sidecar trains when several share the work: tenant {@code t} belongs
 * to shard {@code CRC32(UTF-8 bytes of t) mod count} (CRC32 as an unsigned 32-bit value,
 * so the same tenant lands on the same shard in every process, language and restart). All
 * series of a tenant fall in one shard, so its cross-resource leads are still detected.
 * Every sidecar still serves forecasts for all series: sharding divides training only.
 *
 * @param index this sidecar's shard, {@code 0 <= index < count}
 * @param count how many sidecars share the training
 */
public record TenantShard(int index, int count) {

	/** One sidecar trains everything. */
	public static final TenantShard ALL = new TenantShard(0, 1);

	public TenantShard {
		if (count < 1 || index < 0 || index >= count) {
			throw new IllegalArgumentException(
					"a shard index must be within [0, count) and count at least 1, got index " + index + " of "
							+ count);
		}
	}

	/** The shard of {@code tenant} among {@code count}. */
	public static int of(String tenant, int count) {
		CRC32 crc = new CRC32();
		crc.update(tenant.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % count);
	}

	/** Whether this sidecar trains {@code tenant}'s series. */
	public boolean owns(String tenant) {
		return of(tenant, this.count) == this.index;
	}

}
