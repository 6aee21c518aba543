package io.github.predictivegateway.preallocation;

import io.github.predictivegateway.plan.ResourceType;

/**
 * Makes the shadow bucket of one grant. Locally the bucket holds the whole grant; in
 * distributed mode it leases the grant from the shared ledger in chunks, so that every
 * instance can spend it but no unit is spent twice.
 */
@FunctionalInterface
public interface ShadowBucketFactory {

	/** The whole grant in this instance's memory. */
	ShadowBucketFactory LOCAL = (step, tenant, resource, units) -> new LocalShadowBucket(units);

	ShadowBucket create(long step, String tenant, ResourceType resource, long units);

}
