package io.github.predictivegateway.forecaster.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

import static io.github.predictivegateway.forecaster.history.UsageHistoryTests.record;
import static org.assertj.core.api.Assertions.assertThat;

class UsageStoreTests {

	private static final SeriesKey ACME_DB = new SeriesKey("acme", "db");

	@TempDir
	Path dir;

	private UsageStore open(long compactBytes) {
		return UsageStore.open(this.dir, new UsageHistory(60, 10, 100), compactBytes);
	}

	@Test
	void acknowledgedUsageIsBackAfterACrashWithoutClose() {
		UsageStore first = open(1 << 20);
		first.append(List.of(record("gw-1", 1000, 3), record("gw-2", 1000, 4)));
		first.append(List.of(record("gw-1", 1001, 5)));

		UsageStore afterCrash = open(1 << 20);

		assertThat(afterCrash.history().demand(ACME_DB, 1000, 1002)).containsExactly(7, 5);
	}

	@Test
	void aBatchResentAfterARestartStillCountsOnce() {
		List<UsageRecord> batch = List.of(record("gw-1", 1000, 3));
		open(1 << 20).append(batch);

		UsageStore restarted = open(1 << 20);
		restarted.append(batch);

		assertThat(restarted.history().demand(ACME_DB, 1000, 1001)).containsExactly(3);
	}

	@Test
	void aTornLastLineIsCutOffAndTheRestKept() throws IOException {
		open(1 << 20).append(List.of(record("gw-1", 1000, 3)));
		Files.writeString(this.dir.resolve(UsageStore.JOURNAL_FILE), "0badf00d [{\"instance\":\"gw-1\"",
				StandardCharsets.UTF_8, StandardOpenOption.APPEND);

		UsageStore reopened = open(1 << 20);
		reopened.append(List.of(record("gw-1", 1001, 2)));

		assertThat(open(1 << 20).history().demand(ACME_DB, 1000, 1002)).containsExactly(3, 2);
	}

	@Test
	void aCorruptLineInTheMiddleIsSkippedAndTheLinesAfterItKept() throws IOException {
		UsageStore store = open(1 << 20);
		store.append(List.of(record("gw-1", 1000, 3)));
		store.append(List.of(record("gw-1", 1001, 4)));
		store.append(List.of(record("gw-1", 1002, 5)));
		Path journal = this.dir.resolve(UsageStore.JOURNAL_FILE);
		List<String> lines = Files.readAllLines(journal);
		lines.set(1, lines.get(1).replace("4.0", "40.0"));
		Files.write(journal, lines);

		assertThat(open(1 << 20).history().demand(ACME_DB, 1000, 1003)).containsExactly(3, 0, 5);
	}

	@Test
	void compactionKeepsTheStateAndShrinksTheJournal() throws IOException {
		UsageStore store = open(1 << 20);
		for (int i = 0; i < 50; i++) {
			store.append(List.of(record("gw-1", 1000 + i, i), record("gw-2", 1000 + i, 1)));
		}
		long before = Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE));

		store.compact();

		assertThat(Files.size(this.dir.resolve(UsageStore.JOURNAL_FILE))).isLessThan(before);
		UsageStore reopened = open(1 << 20);
		assertThat(reopened.history().demand(ACME_DB, 1000, 1050))
			.containsExactly(store.history().demand(ACME_DB, 1000, 1050));
		reopened.append(List.of(record("gw-1", 1049, 49)));
		assertThat(reopened.history().demand(ACME_DB, 1049, 1050)).containsExactly(50);
	}

	@Test
	void theJournalIsCompactedWhenItOutgrowsItsLimit() throws IOException {
		UsageStore store = open(4096);
		for (int i = 0; i < 40; i++) {
			store.append(List.of(record("gw-1", 1000 + i, 1)));
		}

		assertThat(Files.readAllLines(this.dir.resolve(UsageStore.JOURNAL_FILE))).hasSizeLessThan(40);
		assertThat(open(4096).history().demand(ACME_DB, 1000, 1040)).containsOnly(1);
	}

	@Test
	void bytesAndDurationsSurviveCompactionAndARestart() throws IOException {
		UsageStore store = open(1 << 20);
		for (int i = 0; i < 30; i++) {
			store.append(List
				.of(new UsageRecord("gw-1", "acme", "db", (1000 + i) * 60L, 2, 2, 0, 0, 2, 100 + i, 10.5 * i, 7 + i)));
		}

		store.compact();

		UsageHistory reopened = open(1 << 20).history();
		assertThat(reopened.measures(ACME_DB, 1003)).isEqualTo(new StepMeasures(2, 2, 0, 103, 31.5, 10));
		assertThat(reopened.measures(ACME_DB, 1029)).isEqualTo(new StepMeasures(2, 2, 0, 129, 304.5, 36));
	}

}
