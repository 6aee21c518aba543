package io.github.predictivegateway.wire;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
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

	/**
	 * Ids at their longest valid length of 3-byte characters, a step start of 32
	 * characters, every count and amount at its widest: exactly
	 * {@link UsageBatchCodec#MAX_RECORD_BYTES}.
	 */
	private static UsageBatch.Entry longest(String idChar) {
		String id = idChar.repeat(UsageValidator.MAX_ID_LENGTH / idChar.length());
		return new UsageBatch.Entry(id, id, "x".repeat(UsageBatchCodec.MAX_STEP_START_CHARS), Long.MIN_VALUE,
				Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, -2.2250738585072014E-308, Long.MIN_VALUE,
				-2.2250738585072014E-308, -2.2250738585072014E-308);
	}

	private static int recordBytes(UsageBatch.Entry entry) {
		return UsageBatchCodec.write(new UsageBatch("gw", List.of(entry, entry))).length
				- UsageBatchCodec.write(new UsageBatch("gw", List.of(entry))).length - 1;
	}

	@Test
	void theLongestRecordOfValidIdsIsExactlyMaxRecordBytes() {
		assertThat(recordBytes(longest("\u20ac"))).isEqualTo(UsageBatchCodec.MAX_RECORD_BYTES).isEqualTo(1888);
	}

	@Test
	void idsOfQuotesOrOfCharactersOutsideTheBmpAreNoLongerThanThat() {
		assertThat(recordBytes(longest("\""))).isLessThanOrEqualTo(UsageBatchCodec.MAX_RECORD_BYTES);
		assertThat(recordBytes(longest("\\"))).isLessThanOrEqualTo(UsageBatchCodec.MAX_RECORD_BYTES);
		assertThat(recordBytes(longest("\ud83d\ude00"))).isLessThanOrEqualTo(UsageBatchCodec.MAX_RECORD_BYTES);
	}

	@Test
	void aBatchOfTheMostRecordsIsNoLongerThanMaxBatchBytes() {
		String instance = "\u20ac".repeat(UsageValidator.MAX_ID_LENGTH);
		UsageBatch batch = new UsageBatch(instance,
				Collections.nCopies(UsageValidator.DEFAULT_MAX_RECORDS, longest("\u20ac")));

		assertThat((long) UsageBatchCodec.write(batch).length)
			.isEqualTo(UsageBatchCodec.maxBatchBytes(UsageValidator.DEFAULT_MAX_RECORDS) - 1)
			.isEqualTo(18_890_795L);
	}

	private static WireFormatException refused(String body) {
		try {
			UsageBatchCodec.read(body);
		}
		catch (WireFormatException ex) {
			return ex;
		}
		throw new AssertionError("read: " + body);
	}

	@Test
	void aFloatingPointCountIsRefusedNamingTheFieldNotTruncated() {
		WireFormatException refused = refused("""
				{"instance": "gw-1", "records": [{"tenant": "acme", "resource": "db",
				  "stepStart": "2026-11-30T09:00:00Z", "attempted": 2.5, "admitted": 2, "throttled": 0, "units": 2}]}
				""");

		assertThat(refused.field()).isEqualTo("records[0].attempted");
		assertThat(refused.getMessage()).startsWith("not a usage batch: records[0].attempted must be a whole number");
	}

	@Test
	void aNumberWhereAnIdBelongsIsRefusedNamingTheField() {
		WireFormatException refused = refused("{\"instance\": 5, \"records\": []}");

		assertThat(refused.field()).isEqualTo("instance");
		assertThat(refused.getMessage()).startsWith("not a usage batch: instance must be a string");
	}

	@Test
	void recordsAsAStringIsRefusedNamingTheField() {
		WireFormatException refused = refused("{\"instance\": \"gw-1\", \"records\": \"all of them\"}");

		assertThat(refused.field()).isEqualTo("records");
		assertThat(refused.getMessage()).startsWith("not a usage batch: records must be an array");
	}

	@Test
	void aCountSentAsAStringIsRefusedNamingTheField() {
		WireFormatException refused = refused("""
				{"instance": "gw-1", "records": [{"attempted": "7"}]}
				""");

		assertThat(refused.field()).isEqualTo("records[0].attempted");
	}

	@Test
	void malformedJsonIsRefusedWithWhereItBreaks() {
		WireFormatException refused = refused("{\"instance\": \"gw-1\", \"records\": [");

		assertThat(refused.getMessage()).startsWith("not a usage batch: the body is not valid JSON at line 1, column ");
	}

	@Test
	void aBareNanAmountIsReadAsANumberAndRefusedByValidationNamingTheField() {
		UsageBatch batch = UsageBatchCodec.read("""
				{"instance": "gw-1", "records": [{"tenant": "acme", "resource": "db",
				  "stepStart": "2026-11-30T09:00:00Z", "attempted": 1, "admitted": 1, "throttled": 0, "units": NaN}]}
				""");
		UsageValidator validator = new UsageValidator(60, 100,
				Clock.fixed(Instant.parse("2026-11-30T09:02:00Z"), ZoneOffset.UTC));

		assertThat(validator.validate(batch).errors())
			.containsExactly("records[0].units is NaN; it must be a finite number from 0 to 1e15");
	}

	@Test
	void aBareNanCountIsRefusedNamingTheField() {
		assertThat(refused("""
				{"instance": "gw-1", "records": [{"attempted": NaN}]}
				""").field()).isEqualTo("records[0].attempted");
	}

	@Test
	void aBodyThatIsNotAnObjectIsRefused() {
		assertThat(refused("NaN").getMessage())
			.isEqualTo("not a usage batch: the body must be a JSON object with 'instance' and 'records'");
	}

	@Test
	void theErrorsOfTheForecastersProblemBodyAreReadAsSent() {
		assertThat(UsageBatchCodec.readErrors(
				"""
						{"title": "Invalid usage", "status": 400, "errors": ["records[3].attempted is -4", "instance is missing"]}
						"""))
			.containsExactly("records[3].attempted is -4", "instance is missing");
		assertThat(UsageBatchCodec.readErrors("")).isEmpty();
		assertThat(UsageBatchCodec.readErrors("<html>Bad Request</html>")).isEmpty();
	}

}
