package io.github.predictivegateway.wire;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The usage contract: what a gateway writes is what the forecaster reads and validates
 * into records, and the bytes are those of the previous release (written by the gateway's
 * {@code UsageBatchJson}).
 */
class UsageBatchCodecTests {

	/** The previous release's gateway wrote exactly these bytes for {@link #BATCH}. */
	static final String PREVIOUS_RELEASE = "{\"instance\":\"gw-1\",\"records\":["
			+ "{\"tenant\":\"acme\",\"resource\":\"db\",\"stepStart\":\"2026-11-30T09:00:00Z\",\"attempted\":10,"
			+ "\"admitted\":7,\"preallocated\":3,\"throttled\":3,\"units\":12.5,\"bytes\":2048,\"durationMsSum\":150.25,"
			+ "\"durationMsMax\":40.0},{\"tenant\":\"t\u00e9nant \\\"x\\\"\",\"resource\":\"requests\","
			+ "\"stepStart\":\"2026-11-30T09:01:00Z\",\"attempted\":0,\"admitted\":0,\"preallocated\":0,\"throttled\":0,"
			+ "\"units\":0.0,\"bytes\":0,\"durationMsSum\":0.0,\"durationMsMax\":0.0}]}";

	static final UsageBatch BATCH = new UsageBatch("gw-1",
			List.of(new UsageBatch.Entry("acme", "db", "2026-11-30T09:00:00Z", 10L, 7L, 3L, 3L, 12.5, 2048L, 150.25,
					40.0),
					new UsageBatch.Entry("t\u00e9nant \"x\"", "requests", "2026-11-30T09:01:00Z", 0L, 0L, 0L, 0L, 0.0,
							0L, 0.0, 0.0)));

	private static String written(UsageBatch batch) {
		return new String(UsageBatchCodec.write(batch), StandardCharsets.UTF_8);
	}

	@Test
	void aBatchIsWrittenAsThePreviousReleaseWroteIt() {
		assertThat(written(BATCH)).isEqualTo(PREVIOUS_RELEASE);
	}

	@Test
	void whatIsWrittenIsReadBackEqual() {
		assertThat(UsageBatchCodec.read(written(BATCH))).isEqualTo(BATCH);
	}

	@Test
	void aBatchReadIsValidatedIntoTheRecordsItCarries() {
		UsageValidator validator = new UsageValidator(60, 100,
				Clock.fixed(Instant.parse("2026-11-30T09:02:00Z"), ZoneOffset.UTC));

		UsageValidator.Result result = validator.validate(UsageBatchCodec.read(PREVIOUS_RELEASE));

		assertThat(result.errors()).isEmpty();
		assertThat(result.records()).containsExactly(
				new UsageRecord("gw-1", "acme", "db", 1_796_029_200L, 10, 7, 3, 3, 12.5, 2048, 150.25, 40.0),
				new UsageRecord("gw-1", "t\u00e9nant \"x\"", "requests", 1_796_029_260L, 0, 0, 0, 0, 0.0, 0, 0.0, 0.0));
	}

	@Test
	void missingValuesAreWrittenAsNullAndReadBackAsMissing() {
		UsageBatch sparse = new UsageBatch(null, List
			.of(new UsageBatch.Entry("acme", "db", "2026-11-30T09:00:00Z", 1L, 1L, null, 0L, 1.0, null, null, null)));

		assertThat(written(sparse)).startsWith("{\"instance\":null,").contains("\"preallocated\":null");
		assertThat(UsageBatchCodec.read(written(sparse))).isEqualTo(sparse);
	}

	@Test
	void fieldsTheReaderDoesNotKnowAreIgnored() {
		String newer = PREVIOUS_RELEASE.replace("{\"instance\":\"gw-1\",", "{\"instance\":\"gw-1\",\"region\":\"eu\",")
			.replace("\"durationMsMax\":40.0}", "\"durationMsMax\":40.0,\"priority\":\"high\"}");

		assertThat(UsageBatchCodec.read(newer)).isEqualTo(BATCH);
	}

	@Test
	void textThatIsNotAJsonBatchIsRefused() {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> UsageBatchCodec.read("batch"))
			.withMessageStartingWith("not a usage batch: ");
		assertThatExceptionOfType(WireFormatException.class)
			.isThrownBy(() -> UsageBatchCodec.read("{\"instance\":\"gw-1\",\"records\":[{\"attempted\":\"many\"}]}"))
			.withMessageStartingWith("not a usage batch: ");
	}

}
