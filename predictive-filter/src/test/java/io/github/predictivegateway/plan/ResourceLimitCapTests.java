package io.github.predictivegateway.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most a tenant may have reserved in a step, and the refused demand its usage counts.
 */
class ResourceLimitCapTests {

	@Test
	void aPlanWithoutMaxPreallocationIsCappedAtTenTimesWhatItsStandardBucketAdmitsInAStep() {
		ResourceLimit free = ResourceLimit.of(5, 10);

		assertThat(free.stepAllowance(60)).as("10 + 5/s x 60 s").isEqualTo(310);
		assertThat(free.preallocationCap(60)).isEqualTo(3_100);
	}

	@Test
	void aPlansMaxPreallocationIsItsCap() {
		assertThat(new ResourceLimit(5, 10, 250, 1).preallocationCap(60)).isEqualTo(250);
	}

	@Test
	void aCapTooLargeForALongIsTheLargestLong() {
		assertThat(ResourceLimit.of(1e17, (long) 1e17).preallocationCap(60)).isEqualTo(Long.MAX_VALUE);
	}

}
