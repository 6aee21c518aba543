package io.github.predictivegateway.wire;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageValidatorTests {

	private final UsageValidator validator = new UsageValidator(60, 100,
			Clock.fixed(Instant.parse("2026-11-30T09:00:30Z"), ZoneOffset.UTC));

	static UsageBatch.Entry entry(String stepStart, long attempted, long admitted, long throttled) {
		return new UsageBatch.Entry("acme", "db", stepStart, attempted, admitted, 0L, throttled, (double) attempted, 0L,
				0.0, 0.0);
	}

	@Test
	void aValidBatchBecomesRecordsOfItsInstance() {
		UsageValidator.Result result = this.validator
			.validate(new UsageBatch("gw-1", List.of(entry("2026-11-30T09:00:00Z", 10, 8, 2))));

		assertThat(result.valid()).isTrue();
		assertThat(result.records()).containsExactly(new UsageRecord("gw-1", "acme", "db",
				Instant.parse("2026-11-30T09:00:00Z").getEpochSecond(), 10, 8, 0, 2, 10, 0, 0, 0));
	}

	@Test
	void everyBadFieldIsNamedByItsPathAndNothingIsKept() {
		UsageBatch.Entry missing = new UsageBatch.Entry("acme", " ", "2026-11-30T09:00:00Z", null, 1L, 0L, 0L, 1.0, 0L,
				0.0, 0.0);
		UsageBatch.Entry negative = new UsageBatch.Entry("acme", "db", "2026-11-30T09:00:00Z", 5L, 1L, 0L, -1L,
				Double.NaN, 0L, 0.0, 0.0);

		UsageValidator.Result result = this.validator
			.validate(new UsageBatch("gw-1", List.of(entry("2026-11-30T09:00:00Z", 1, 1, 0), missing, negative)));

		assertThat(result.valid()).isFalse();
		assertThat(result.records()).isEmpty();
		assertThat(result.errors()).containsExactly("records[1].resource is missing or blank",
				"records[1].attempted is missing", "records[2].throttled is -1; it must not be negative",
				"records[2].units is NaN; it must be a finite number from 0 to 1e15");
	}

	@Test
	void countsThatContradictEachOtherAreRefused() {
		assertThat(this.validator.validate(new UsageBatch("gw-1", List.of(entry("2026-11-30T09:00:00Z", 3, 3, 1))))
			.errors()).containsExactly("records[0]: admitted (3) + throttled (1) exceed attempted (3)");
	}

	@Test
	void aStepStartMustBeAlignedAndNotInTheFuture() {
		assertThat(this.validator.validate(new UsageBatch("gw-1",
				List.of(entry("2026-11-30T09:00:10Z", 1, 1, 0), entry("2026-11-30T09:05:00Z", 1, 1, 0),
						entry("yesterday", 1, 1, 0))))
			.errors()).containsExactly("records[0].stepStart 2026-11-30T09:00:10Z is not the start of a 60 s step",
					"records[1].stepStart 2026-11-30T09:05:00Z is in the future",
					"records[2].stepStart 'yesterday' is not an ISO-8601 instant such as 2026-11-30T09:00:00Z");
	}

	@Test
	void aBatchOverTheRecordLimitIsRefusedWhole() {
		List<UsageBatch.Entry> many = new ArrayList<>(Collections.nCopies(101, entry("2026-11-30T09:00:00Z", 1, 1, 0)));

		assertThat(this.validator.validate(new UsageBatch("gw-1", many)).errors())
			.containsExactly("records has 101 entries; at most 100 per batch");
	}

	@Test
	void aMissingInstanceIsRefused() {
		assertThat(this.validator.validate(new UsageBatch(null, List.of())).errors())
			.containsExactly("instance is missing or blank");
	}

	@Test
	void aCountBeyondTheBoundIsRefusedSoThatSumsOverInstancesCannotOverflow() {
		assertThat(this.validator.validate(new UsageBatch("gw-1",
				List.of(entry("2026-11-30T09:00:00Z", Long.MAX_VALUE, 0, 0),
						entry("2026-11-30T09:00:00Z", 1_000_000_000_000_000L, 0, 0))))
			.errors())
			.containsExactly("records[0].attempted is 9223372036854775807; it must be at most 1000000000000000",
					"records[0].units is 9.223372036854776E18; it must be a finite number from 0 to 1e15");
	}

	@Test
	void hugeOrInfiniteAmountsAreRefused() {
		UsageBatch.Entry huge = new UsageBatch.Entry("acme", "db", "2026-11-30T09:00:00Z", 1L, 1L, 0L, 0L, 1e300, 0L,
				Double.POSITIVE_INFINITY, 0.0);

		assertThat(this.validator.validate(new UsageBatch("gw-1", List.of(huge))).errors()).containsExactly(
				"records[0].units is 1.0E300; it must be a finite number from 0 to 1e15",
				"records[0].durationMsSum is Infinity; it must be a finite number from 0 to 1e15");
	}

	@Test
	void anIdWithACharacterOutsideTheBmpIsValidButHalfOfOneIsNot() {
		assertThat(UsageValidator.idViolation("tenant", "caf\u00e9 \ud83d\ude00 \u65e5\u672c")).isNull();
		assertThat(UsageValidator.idViolation("tenant", "half \ud83d"))
			.isEqualTo("tenant contains half of a surrogate pair");
		assertThat(UsageValidator.idViolation("tenant", "\ude00 reversed \ud83d"))
			.isEqualTo("tenant contains half of a surrogate pair");
	}

	@Test
	void anErrorNamesItsRecordByIndexOrNoneForTheBatchAsAWhole() {
		assertThat(UsageValidator.recordIndex("records[12].attempted is -4; it must not be negative")).hasValue(12);
		assertThat(UsageValidator.recordIndex("records[3]: preallocated (2) exceeds admitted (1)")).hasValue(3);
		assertThat(UsageValidator.recordIndex("instance is missing or blank")).isEmpty();
		assertThat(UsageValidator.recordIndex("records is missing")).isEmpty();
	}

}
