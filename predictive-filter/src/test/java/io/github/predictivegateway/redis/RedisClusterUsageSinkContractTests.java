package io.github.predictivegateway.redis;

/**
 * {@link RedisUsageSinkContractTests}, the usage sink's contract, with the same
 * assertions on a three-master Redis Cluster: keys of different hash tags on different
 * nodes, every script's keys in one slot.
 */
class RedisClusterUsageSinkContractTests extends RedisUsageSinkContractTests {

	@Override
	RedisFixture fixture() {
		return RedisFixture.onCluster();
	}

}
