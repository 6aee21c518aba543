package io.github.predictivegateway.redis;

/**
 * {@link RedisStandardBucketsContractTests}, the standard buckets' contract, with the
 * same assertions on a three-master Redis Cluster: keys of different hash tags on
 * different nodes, every script's keys in one slot.
 */
class RedisClusterStandardBucketsContractTests extends RedisStandardBucketsContractTests {

	@Override
	RedisFixture fixture() {
		return RedisFixture.onCluster();
	}

}
