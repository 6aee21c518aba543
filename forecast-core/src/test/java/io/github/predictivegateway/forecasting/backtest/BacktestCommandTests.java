package io.github.predictivegateway.forecasting.backtest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestCommandTests {

	private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static Path writeCsv(Path dir, SeriesHistory s) throws Exception {
		StringBuilder sb = new StringBuilder("timestamp,value\n");
		for (int i = 0; i < s.length(); i++) {
			sb.append(TS.format(Instant.ofEpochSecond(s.epochSecondOf(i) + 17)))
				.append(',')
				.append((long) s.value(i))
				.append('\n');
		}
		Path file = dir.resolve("tenant.csv");
		Files.writeString(file, sb);
		return file;
	}

	@Test
	void writesServedCandidateAndReferenceRowsForEveryOriginAndHorizon(@TempDir Path dir) throws Exception {
		Path csv = writeCsv(dir, SyntheticSeries.generate("x", 3, 8, 300, 3));
		Path rows = dir.resolve("rows.csv");
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int status = BacktestCommand.run(new String[] { "--out", rows.toString(), csv.toString() },
				new PrintStream(buf, true, StandardCharsets.UTF_8));
		assertThat(status).isZero();
		List<String> lines = Files.readAllLines(rows);
		assertThat(lines.get(0)).isEqualTo(RowsCsvWriter.HEADER);
		// 8 days: test region = 2 days = 576 steps, origins every 12 -> 48 origins x 12
		// horizons per model
		assertThat(lines.stream().filter(l -> l.startsWith("tenant,served,"))).hasSize(48 * 12);
		assertThat(lines.stream().filter(l -> l.startsWith("tenant,snaive,"))).hasSize(48 * 12);
		assertThat(buf.toString(StandardCharsets.UTF_8)).contains("tenant").contains("served").contains("snaive");
	}

	@Test
	void rejectsAnUnknownOptionWithUsage() {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int status = BacktestCommand.run(new String[] { "--frobnicate", "x.csv" },
				new PrintStream(buf, true, StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(2);
		assertThat(buf.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate").contains("usage");
	}

	@Test
	void reportsAMissingFileWithStatusOne(@TempDir Path dir) {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int status = BacktestCommand.run(new String[] { dir.resolve("nope.csv").toString() },
				new PrintStream(buf, true, StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(1);
	}

}
