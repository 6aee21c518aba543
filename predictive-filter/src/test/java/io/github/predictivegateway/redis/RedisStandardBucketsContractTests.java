package io.github.predictivegateway.redis;

import org.junit.jupiter.api.AfterEach;

import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.standard.StandardBucketsContractTests;

/**
 * The standard buckets' contract in a real Redis, exact (every decision a
 * compare-and-swap), Bucket4j's clock the manual one. What sharing adds is in
 * {@link RedisStandardBucketsTests}.
 */
class RedisStandardBucketsContractTests extends StandardBucketsContractTests {

	private final RedisFixture redis = fixture();

	/**
	 * The Redis this suite runs on: the test server here, the test Redis Cluster in the
	 * subclass that runs the same tests there. Called while the test is constructed.
	 */
	RedisFixture fixture() {
		return new RedisFixture();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	@Override
	protected StandardBuckets buckets(PlanCatalogs plans) {
		return new RedisStandardBuckets(this.redis.connector(), this.redis.keys(), plans, this.time,
				RedisFixture.guard(), 1000);
	}

}
