package io.github.predictivegateway.forecaster.history;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

import static org.assertj.core.api.Assertions.assertThat;

class UsageHistoryTests {

	private static final long STEP = 60;

	private static final SeriesKey ACME_DB = new SeriesKey("acme", "db");

	private static final SeriesKey GLOBEX_DB = new SeriesKey("globex", "db");

	static UsageRecord record(String instance, long step, double units) {
		return new UsageRecord(instance, "acme", "db", step * STEP, (long) units, (long) units, 0, 0, units, 0, 0, 0);
	}

	private final UsageHistory history = new UsageHistory(STEP, 10, 100);

	@Test
	void usageOfSeveralInstancesIsSummedPerStep() {
		this.history.apply(List.of(record("gw-1", 1000, 3), record("gw-2", 1000, 4), record("gw-1", 1001, 5)));

		assertThat(this.history.demand(ACME_DB, 1000, 1002)).containsExactly(7, 5);
	}

	@Test
	void aResentRecordReplacesItsEarlierSelfInsteadOfAdding() {
		List<UsageRecord> batch = List.of(record("gw-1", 1000, 3), record("gw-2", 1000, 4));
		this.history.apply(batch);

		UsageHistory.Applied again = this.history.apply(batch);

		assertThat(again).isEqualTo(new UsageHistory.Applied(0, 2, 0));
		assertThat(this.history.demand(ACME_DB, 1000, 1001)).containsExactly(7);
	}

	@Test
	void aCorrectedRecordReplacesTheValueItSentBefore() {
		this.history.apply(List.of(record("gw-1", 1000, 3)));

		this.history.apply(List.of(record("gw-1", 1000, 9)));

		assertThat(this.history.demand(ACME_DB, 1000, 1001)).containsExactly(9);
	}

	@Test
	void recordsOlderThanTheDedupeWindowAreRefusedAsTooOld() {
		this.history.apply(List.of(record("gw-1", 1000, 1)));

		UsageHistory.Applied late = this.history.apply(List.of(record("gw-1", 989, 1), record("gw-1", 990, 1)));

		assertThat(late).isEqualTo(new UsageHistory.Applied(1, 0, 1));
	}

	@Test
	void stepsOlderThanTheRetentionAreForgotten() {
		this.history.apply(List.of(record("gw-1", 1000, 1), record("gw-1", 1050, 2)));

		this.history.apply(List.of(record("gw-1", 1120, 3)));

		assertThat(this.history.firstStep(ACME_DB)).isEqualTo(1020);
		assertThat(this.history.demand(ACME_DB, 1000, 1001)).containsExactly(0);
	}

	@Test
	void quietStepsBetweenUsageAreZero() {
		this.history.apply(List.of(record("gw-1", 1000, 1), record("gw-1", 1003, 2)));

		assertThat(this.history.demand(ACME_DB, 999, 1005)).containsExactly(0, 1, 0, 0, 2, 0);
	}

	@Test
	void itsRecordsRebuildTheSameStateIncludingWhatIsRememberedForDedupe() {
		this.history.apply(List.of(record("gw-1", 1000, 1), record("gw-2", 1000, 2), record("gw-1", 1020, 3),
				record("gw-2", 1021, 4)));
		UsageHistory rebuilt = new UsageHistory(STEP, 10, 100);

		rebuilt.apply(this.history.toRecords());
		rebuilt.apply(List.of(record("gw-2", 1021, 4)));

		assertThat(rebuilt.demand(ACME_DB, 1000, 1022)).containsExactly(this.history.demand(ACME_DB, 1000, 1022));
		assertThat(rebuilt.newestStep()).isEqualTo(1021);
	}

	@Test
	void importedHistoryOfASecondSeriesOlderThanTheFirstSeriesWindowIsTaken() {
		this.history.apply(List.of(record("gw-1", 1000, 1)));

		UsageHistory.Applied imported = this.history
			.apply(List.of(imported("globex", 950, 4), imported("globex", 951, 5), imported("globex", 1000, 6)));

		assertThat(imported).isEqualTo(new UsageHistory.Applied(3, 0, 0));
		assertThat(this.history.demand(GLOBEX_DB, 950, 952)).containsExactly(4, 5);
		assertThat(this.history.demand(GLOBEX_DB, 1000, 1001)).containsExactly(6);
	}

	@Test
	void importingTheSameOldHistoryTwiceLeavesItOnce() {
		this.history.apply(List.of(record("gw-1", 1000, 1)));
		List<UsageRecord> file = List.of(imported("globex", 950, 4), imported("globex", 951, 5));
		this.history.apply(file);

		UsageHistory.Applied again = this.history.apply(file);

		assertThat(again).isEqualTo(new UsageHistory.Applied(0, 2, 0));
		assertThat(this.history.demand(GLOBEX_DB, 950, 952)).containsExactly(4, 5);
	}

	@Test
	void importedHistoryOfAnOldStepSetsWhatWasSummedThere() {
		this.history.apply(List.of(record("gw-1", 950, 7), record("gw-1", 1000, 1)));

		this.history.apply(List
			.of(new UsageRecord(UsageHistory.IMPORTED_INSTANCE, "acme", "db", 950 * STEP, 2, 2, 0, 0, 2, 0, 0, 0)));

		assertThat(this.history.demand(ACME_DB, 950, 951)).containsExactly(2);
		assertThat(this.history.measures(ACME_DB, 950)).isEqualTo(new StepMeasures(2, 2, 0, 0, 0, 0));
	}

	@Test
	void importedHistoryOlderThanTheRetentionIsRefusedAsTooOld() {
		this.history.apply(List.of(record("gw-1", 1000, 1)));

		UsageHistory.Applied imported = this.history
			.apply(List.of(imported("globex", 899, 4), imported("globex", 900, 5)));

		assertThat(imported).isEqualTo(new UsageHistory.Applied(1, 0, 1));
	}

	@Test
	void oldRecordsOfAGatewayInstanceAreStillRefused() {
		this.history.apply(List.of(record("gw-1", 1000, 1)));

		UsageHistory.Applied late = this.history
			.apply(List.of(new UsageRecord("gw-2", "globex", "db", 950 * STEP, 4, 4, 0, 0, 4, 0, 0, 0)));

		assertThat(late).isEqualTo(new UsageHistory.Applied(0, 0, 1));
	}

	@Test
	void importedOldHistoryIsRebuiltFromItsRecords() {
		this.history.apply(List.of(record("gw-1", 1000, 1), imported("globex", 950, 4)));
		UsageHistory rebuilt = new UsageHistory(STEP, 10, 100);

		rebuilt.apply(this.history.toRecords());

		assertThat(rebuilt.demand(GLOBEX_DB, 950, 951)).containsExactly(4);
	}

	private static UsageRecord imported(String tenant, long step, double units) {
		return new UsageRecord(UsageHistory.IMPORTED_INSTANCE, tenant, "db", step * STEP, (long) units, (long) units, 0,
				0, units, 0, 0, 0);
	}

	@Test
	void bytesAndDurationsAreSummedOverInstancesAndTheLongestKept() {
		this.history.apply(List.of(measured("gw-1", 1000, 1_500, 40, 25), measured("gw-2", 1000, 500, 10, 30)));

		assertThat(this.history.measures(ACME_DB, 1000)).isEqualTo(new StepMeasures(4, 4, 0, 2_000, 50, 30));
	}

	@Test
	void aResentRecordReplacesItsBytesAndDurations() {
		this.history.apply(List.of(measured("gw-1", 1000, 1_500, 40, 25), measured("gw-2", 1000, 500, 10, 30)));

		this.history.apply(List.of(measured("gw-1", 1000, 1_000, 20, 35)));

		assertThat(this.history.measures(ACME_DB, 1000)).isEqualTo(new StepMeasures(4, 4, 0, 1_500, 30, 35));
	}

	@Test
	void theLongestDurationFollowsACorrectionOfTheInstanceThatReportedIt() {
		this.history.apply(List.of(measured("gw-1", 1000, 1_500, 40, 25), measured("gw-2", 1000, 500, 10, 30)));

		this.history.apply(List.of(measured("gw-2", 1000, 500, 10, 12)));

		assertThat(this.history.measures(ACME_DB, 1000).durationMsMax()).isEqualTo(25);
	}

	@Test
	void bytesAndDurationsOfCompactedStepsAreRebuiltFromItsRecords() {
		this.history.apply(List.of(measured("gw-1", 1000, 1_500, 40, 25), measured("gw-2", 1000, 500, 10, 30),
				measured("gw-1", 1020, 700, 7, 7)));
		UsageHistory rebuilt = new UsageHistory(STEP, 10, 100);

		rebuilt.apply(this.history.toRecords());

		assertThat(rebuilt.measures(ACME_DB, 1000)).isEqualTo(new StepMeasures(4, 4, 0, 2_000, 50, 30));
		assertThat(rebuilt.measures(ACME_DB, 1020)).isEqualTo(new StepMeasures(2, 2, 0, 700, 7, 7));
	}

	private static UsageRecord measured(String instance, long step, long bytes, double durationMsSum,
			double durationMsMax) {
		return new UsageRecord(instance, "acme", "db", step * STEP, 2, 2, 0, 0, 2, bytes, durationMsSum, durationMsMax);
	}

}
