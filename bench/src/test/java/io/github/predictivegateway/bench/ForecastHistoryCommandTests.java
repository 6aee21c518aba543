package io.github.predictivegateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastHistoryCommandTests {

	private static final int STEP = 300;

	private final SeriesHistory series = SyntheticSeries.generate("s", 7, 10, STEP, 3.0);

	/**
	 * The served combination reads about five days before the origin (weights over two,
	 * interval over three, the members' own warm-up before that): from seven days on,
	 * more usage changes the forecasts' MASE by less than 0.01% (the smoothed members'
	 * warm-up).
	 */
	@Test
	void retrainedDailyAModelForecastsAsWellFromSevenDaysOfUsageAsFromEight() {
		double[][] result = ForecastHistoryCommand.evaluate(this.series, new int[] { 7, 8 }, 1, 1);

		assertThat(result[0][0]).isFinite()
			.isPositive()
			.isCloseTo(result[0][1], org.assertj.core.api.Assertions.withinPercentage(0.01));
	}

	@Test
	void theCommandPrintsARowPerSeriesAndTheRatioOverAll(@TempDir Path dir) throws IOException {
		Path csv = dir.resolve("trace.csv");
		StringBuilder text = new StringBuilder("timestamp,value\n");
		DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
		for (int i = 0; i < this.series.length(); i++) {
			text.append(format.format(Instant.ofEpochSecond(this.series.epochSecondOf(i))))
				.append(',')
				.append(this.series.value(i))
				.append('\n');
		}
		Files.writeString(csv, text);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		int status = ForecastHistoryCommand.run(
				new String[] { "--days", "7,8", "--evaluate-days", "1", csv.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(status).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("trace.csv")
			.contains("geometric mean of MASE 8d / MASE 7d: 1.0000 over 1 series");
	}

	@Test
	void anUnknownOptionIsAUsageError() throws IOException {
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		assertThat(ForecastHistoryCommand.run(new String[] { "--bogus", "1", "x.csv" }, System.out,
				new PrintStream(err, true, StandardCharsets.UTF_8)))
			.isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: forecast-history");
	}

}
