package io.github.predictivegateway.redis;

/**
 * {@link RedisShadowBucketContractTests}, the shadow bucket's contract and what leases
 * add, with the same assertions on a three-master Redis Cluster: keys of different hash
 * tags on different nodes, every script's keys in one slot.
 */
class RedisClusterShadowBucketContractTests extends RedisShadowBucketContractTests {

	@Override
	RedisFixture fixture() {
		return RedisFixture.onCluster();
	}

}
