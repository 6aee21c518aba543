package io.github.predictivegateway.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis usage stream's names, as gateways of the previous release added to and
 * sidecars read: {@code <prefix>{usage}:stream}, the batch in field {@code batch}.
 */
class UsageStreamTests {

	@Test
	void theKeyIsThePrefixFollowedByTheHashTaggedSuffix() {
		assertThat(UsageStream.key("shop:")).isEqualTo("shop:{usage}:stream");
	}

	@Test
	void theDefaultKeyIsTheOneUnderTheGatewaysDefaultPrefix() {
		assertThat(UsageStream.DEFAULT_KEY).isEqualTo(UsageStream.key("predictive:"))
			.isEqualTo("predictive:{usage}:stream");
	}

	@Test
	void theBatchTravelsInTheFieldNamedBatch() {
		assertThat(UsageStream.BATCH_FIELD).isEqualTo("batch");
	}

}
