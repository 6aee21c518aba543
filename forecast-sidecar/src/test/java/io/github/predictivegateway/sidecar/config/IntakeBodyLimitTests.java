package io.github.predictivegateway.sidecar.config;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The request body limit must hold the largest valid batch of max-batch-records records:
 * 796 + 1889 × records bytes.
 */
class IntakeBodyLimitTests {

	@Test
	void theShippedLimitHoldsTheLargestBatchOfTheDefaultRecordLimit() {
		assertThat(IntakeBodyLimit.check(DataSize.parse("20MB"), 10_000)).isEqualTo(20_971_520L)
			.isGreaterThan(18_890_796L);
	}

	@Test
	void aLimitBelowTheLargestBatchStopsStartUpNamingBothProperties() {
		assertThatIllegalStateException().isThrownBy(() -> IntakeBodyLimit.check(DataSize.parse("256KB"), 10_000))
			.withMessage(
					"spring.http.codecs.max-in-memory-size is 262144B, below the 18890796 bytes of the largest valid "
							+ "usage batch of sidecar.max-batch-records=10000 records: raise it to at least 18890796B or lower "
							+ "sidecar.max-batch-records");
	}

	@Test
	void anUnsetLimitStopsStartUp() {
		assertThatIllegalStateException().isThrownBy(() -> IntakeBodyLimit.check((DataSize) null, 100))
			.withMessageStartingWith("spring.http.codecs.max-in-memory-size is not set: set it to at least 189696B");
	}

}
