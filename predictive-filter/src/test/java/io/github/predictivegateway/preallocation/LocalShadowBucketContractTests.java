package io.github.predictivegateway.preallocation;

/** The shadow bucket's contract for a grant held whole in this instance's memory. */
class LocalShadowBucketContractTests extends ShadowBucketContractTests {

	@Override
	protected ShadowBucket shadowBucket(long units) {
		return new LocalShadowBucket(units);
	}

}
