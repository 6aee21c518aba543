package io.github.predictivegateway.standard;

import io.github.predictivegateway.plan.PlanCatalogs;

/** The standard buckets' contract in this instance's memory. */
class LocalStandardBucketsContractTests extends StandardBucketsContractTests {

	@Override
	protected StandardBuckets buckets(PlanCatalogs plans) {
		return new LocalStandardBuckets(plans, this.time, 1000, 1.0);
	}

}
