package io.github.predictivegateway.redis;

import java.time.Duration;

/**
 * How {@link RedisLeases} sizes the chunks an instance leases from the shared ledger.
 *
 * @param expectedInstances gateway instances sharing the ledger: an instance leases at
 * most its fair share {@code ceil(grant / expectedInstances)} of a grant at once (at
 * least 1)
 * @param horizon how far ahead a lease should last at the rate the tenant spends it;
 * leases untouched for two horizons are given back (positive)
 */
public record LeaseSettings(int expectedInstances, Duration horizon) {

	public LeaseSettings {
		if (expectedInstances < 1) {
			throw new IllegalArgumentException("expected instances must be at least 1, got " + expectedInstances);
		}
		if (horizon.isNegative() || horizon.isZero()) {
			throw new IllegalArgumentException("lease horizon must be positive, got " + horizon);
		}
	}

}
