package io.github.predictivegateway.redis;

/**
 * {@link RedisCapacityGateContractTests}, the capacity gate's contract and what sharing
 * adds, with the same assertions on a three-master Redis Cluster: keys of different hash
 * tags on different nodes, every script's keys in one slot.
 */
class RedisClusterCapacityGateContractTests extends RedisCapacityGateContractTests {

	@Override
	RedisFixture fixture() {
		return RedisFixture.onCluster();
	}

}
