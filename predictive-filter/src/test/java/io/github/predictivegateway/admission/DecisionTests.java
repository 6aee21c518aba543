package io.github.predictivegateway.admission;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceLimit;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision classes: which admit, their header values, a result's Retry-After. */
class DecisionTests {

	@Test
	void onlyPreallocatedStandardAndQueuedAdmit() {
		assertThat(Decision.values()).filteredOn(Decision::admitted)
			.containsExactly(Decision.PREALLOCATED, Decision.STANDARD, Decision.QUEUED);
	}

	@Test
	void headerValuesAreTheLowerCaseNamesWithDashes() {
		assertThat(Decision.values()).extracting(Decision::headerValue)
			.containsExactly("preallocated", "standard", "queued", "throttled", "timed-out", "queue-full",
					"rejected-key");
	}

	@Test
	void onlyAThrottledResultHasARetryAfterAndOnlyAnAdmittedOneIsAdmitted() {
		ResourceLimit limit = ResourceLimit.of(5, 5);
		AdmissionResult standard = new AdmissionResult(Decision.STANDARD, 1, 4, AdmissionResult.NO_STEP, 7, "free",
				limit);
		AdmissionResult throttled = new AdmissionResult(Decision.THROTTLED, 1, 0, AdmissionResult.NO_STEP, 7, "free",
				limit);

		assertThat(standard.retryAfterSeconds()).isZero();
		assertThat(standard.admitted()).isTrue();
		assertThat(throttled.retryAfterSeconds()).isEqualTo(7);
		assertThat(throttled.admitted()).isFalse();
	}

}
