package io.github.predictivegateway.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The snapshot contract: what the forecaster writes is what the gateway reads, and the
 * bytes are those of the previous release (written by its {@code SnapshotJson}), so that
 * a gateway and a forecaster of different releases understand each other.
 */
class ForecastSnapshotCodecTests {

	/**
	 * The previous release's forecaster wrote exactly these bytes for {@link #SNAPSHOT}.
	 */
	static final String PREVIOUS_RELEASE = "{\"generatedAt\":\"2026-11-30T08:59:50.123Z\",\"step\":\"PT1M\",\"series\":["
			+ "{\"tenant\":\"acme\",\"resource\":\"db\",\"model\":\"holt-winters\",\"modelVersion\":3,\"points\":["
			+ "{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":12.5,\"lower\":5.0,\"upper\":20.125},"
			+ "{\"start\":\"2026-11-30T09:01:00Z\",\"mean\":0.0,\"lower\":0.0,\"upper\":0.001}]},"
			+ "{\"tenant\":\"t\u00e9nant \\\"x\\\"\",\"resource\":\"requests\","
			+ "\"model\":\"ensemble(seasonal-naive+harmonic-ar)\",\"modelVersion\":12,\"points\":["
			+ "{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":1234567.891,\"lower\":1000000.0,\"upper\":1.5E7}]}]}";

	static final ForecastSnapshot SNAPSHOT = new ForecastSnapshot(Instant.parse("2026-11-30T08:59:50.123Z"), "PT1M",
			List.of(new ForecastSnapshot.SeriesForecast("acme", "db", "holt-winters", 3,
					List.of(new ForecastSnapshot.Point(Instant.parse("2026-11-30T09:00:00Z"), 12.5, 5.0, 20.125),
							new ForecastSnapshot.Point(Instant.parse("2026-11-30T09:01:00Z"), 0.0, 0.0, 1.0E-3))),
					new ForecastSnapshot.SeriesForecast("t\u00e9nant \"x\"", "requests",
							"ensemble(seasonal-naive+harmonic-ar)", 12,
							List.of(new ForecastSnapshot.Point(Instant.parse("2026-11-30T09:00:00Z"), 1234567.891,
									1000000.0, 1.5E7)))));

	private static ForecastSnapshot read(String json) {
		return ForecastSnapshotCodec.read(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aSnapshotIsWrittenAsThePreviousReleaseWroteIt() {
		assertThat(new String(ForecastSnapshotCodec.write(SNAPSHOT), StandardCharsets.UTF_8))
			.isEqualTo(PREVIOUS_RELEASE);
	}

	@Test
	void aSnapshotOfThePreviousReleaseIsReadWhole() {
		assertThat(read(PREVIOUS_RELEASE)).isEqualTo(SNAPSHOT);
	}

	@Test
	void whatIsWrittenIsReadBackEqual() {
		assertThat(ForecastSnapshotCodec.read(ForecastSnapshotCodec.write(SNAPSHOT))).isEqualTo(SNAPSHOT);
	}

	@Test
	void quantilesAreWrittenAfterTheIntervalAndReadBackByLevel() {
		java.util.TreeMap<Double, Double> q = new java.util.TreeMap<>(
				java.util.Map.of(0.5, 12.0, 0.95, 19.5, 0.99, 24.0));
		ForecastSnapshot withQuantiles = new ForecastSnapshot(Instant.parse("2026-11-30T08:59:50Z"), "PT1M", List
			.of(new ForecastSnapshot.SeriesForecast("acme", "db", "adaptive(seasonal-naive+mstl)", 4,
					List.of(new ForecastSnapshot.Point(Instant.parse("2026-11-30T09:00:00Z"), 12.0, 5.0, 20.5, q)))));
		String json = new String(ForecastSnapshotCodec.write(withQuantiles), StandardCharsets.UTF_8);
		assertThat(json).contains(
				"\"mean\":12.0,\"lower\":5.0,\"upper\":20.5,\"quantiles\":{\"0.5\":12.0,\"0.95\":19.5,\"0.99\":24.0}}");
		assertThat(ForecastSnapshotCodec.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(withQuantiles);
	}

	@Test
	void aQuantileKeyThatIsNotALevelIsLeftOut() {
		String json = "{\"step\":\"PT1M\",\"series\":[{\"tenant\":\"a\",\"resource\":\"db\",\"points\":["
				+ "{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":1,\"lower\":0,\"upper\":2,"
				+ "\"quantiles\":{\"p95\":3,\"1.5\":4,\"0.9\":\"x\",\"0.95\":1.5}}]}]}";
		assertThat(read(json).series().get(0).points().get(0).quantiles())
			.containsExactly(java.util.Map.entry(0.95, 1.5));
	}

	@Test
	void valuesOfTheWrongTypeAreReadAsMissingSoThatValidationCanDropTheirSeries() {
		ForecastSnapshot snapshot = read("{\"step\":5,\"series\":[{\"tenant\":7,\"resource\":\"db\","
				+ "\"points\":[{\"start\":\"noon\",\"mean\":\"two\",\"lower\":NaN,\"upper\":1e400}]},"
				+ "{\"tenant\":\"acme\",\"resource\":\"db\",\"points\":{\"start\":\"2026-11-30T09:00:00Z\"}}]}");

		assertThat(snapshot.generatedAt()).isNull();
		assertThat(snapshot.step()).isNull();
		ForecastSnapshot.SeriesForecast first = snapshot.series().get(0);
		assertThat(first.tenant()).isNull();
		assertThat(first.model()).isNull();
		assertThat(first.modelVersion()).isZero();
		ForecastSnapshot.Point point = first.points().get(0);
		assertThat(point.start()).isNull();
		assertThat(point.mean()).isNaN();
		assertThat(point.lower()).isNaN();
		assertThat(point.upper()).isInfinite();
		assertThat(snapshot.series().get(1).points()).as("points that are not an array").isEmpty();
	}

	@Test
	void fieldsTheReaderDoesNotKnowAreIgnored() {
		String extended = PREVIOUS_RELEASE.replace("\"step\":\"PT1M\",", "\"step\":\"PT1M\",\"vendor\":{\"x\":1},")
			.replace("\"modelVersion\":3,", "\"modelVersion\":3,\"plan\":\"gold\",")
			.replace("\"upper\":20.125}", "\"upper\":20.125,\"p99\":400}");

		assertThat(read(extended)).isEqualTo(SNAPSHOT);
	}

	@Test
	void aBodyThatIsNotJsonIsNotASnapshot() {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> read("<html>"))
			.withMessageStartingWith("the forecast snapshot is not JSON");
	}

	@Test
	void aBodyWithoutASeriesArrayIsNotASnapshot() {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> read("{\"series\":{}}"))
			.withMessage("the forecast snapshot has no 'series' array");
	}

}
