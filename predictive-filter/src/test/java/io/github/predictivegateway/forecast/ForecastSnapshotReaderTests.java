package io.github.predictivegateway.forecast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.ForecastSnapshotCodec;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForecastSnapshotReaderTests {

	private final ForecastSnapshotReader reader = new ForecastSnapshotReader(Duration.ofMinutes(1),
			Set.of("db", "requests")::contains);

	private static String series(String tenant, String resource, String mean, String lower, String upper) {
		return "{\"tenant\":\"" + tenant + "\",\"resource\":\"" + resource + "\",\"model\":\"m\",\"modelVersion\":1,"
				+ "\"points\":[{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":" + mean + ",\"lower\":" + lower
				+ ",\"upper\":" + upper + "}]}";
	}

	private ForecastSnapshotReader.Result read(String... series) {
		String body = "{\"generatedAt\":\"2026-11-30T08:59:50Z\",\"step\":\"PT1M\",\"series\":["
				+ String.join(",", series) + "]}";
		return this.reader.read(body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aValidSeriesIsKeptWithItsPointsByStepStart() {
		ForecastSnapshotReader.Result result = read(series("acme", "db", "12", "5", "20"));

		assertThat(result.dropped()).isEmpty();
		assertThat(result.table().forecast(new SeriesKey("acme", "db"), 1_796_029_200L))
			.isEqualTo(new Forecast(12, 5, 20));
	}

	private static String withQuantiles(String quantiles) {
		return "{\"tenant\":\"acme\",\"resource\":\"db\",\"model\":\"m\",\"modelVersion\":1,"
				+ "\"points\":[{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":12,\"lower\":5,\"upper\":20,"
				+ "\"quantiles\":" + quantiles + "}]}";
	}

	private static Forecast readWith(ForecastQuantiles quantiles, String series) {
		String body = "{\"generatedAt\":\"2026-11-30T08:59:50Z\",\"step\":\"PT1M\",\"series\":[" + series + "]}";
		return new ForecastSnapshotReader(Duration.ofMinutes(1), Set.of("db")::contains, quantiles)
			.read(body.getBytes(StandardCharsets.UTF_8))
			.table()
			.forecast(new SeriesKey("acme", "db"), 1_796_029_200L);
	}

	@Test
	void reservesTheQuantileAtTheReservationLevelAndCountsBurstsAboveTheBurstLevel() {
		String series = withQuantiles("{\"0.5\":12,\"0.9\":16,\"0.95\":18,\"0.975\":20,\"0.99\":23}");
		assertThat(readWith(new ForecastQuantiles(0.99, 0.9), series)).isEqualTo(new Forecast(12, 5, 23, 16));
		assertThat(readWith(ForecastQuantiles.DEFAULTS, series)).isEqualTo(new Forecast(12, 5, 18, 18));
	}

	@Test
	void aLevelBetweenTheSentOnesIsInterpolatedAndOneBeyondThemIsTheNearest() {
		String series = withQuantiles("{\"0.9\":16,\"0.95\":18,\"0.99\":23}");
		assertThat(readWith(new ForecastQuantiles(0.93, 0.995), series).upper()).isCloseTo(17.2,
				org.assertj.core.api.Assertions.within(1e-9));
		assertThat(readWith(new ForecastQuantiles(0.93, 0.995), series).burstAbove()).isEqualTo(23.0);
	}

	@Test
	void aForecasterThatSendsNoQuantilesHasItsUpperBoundReservedAsBefore() {
		assertThat(readWith(new ForecastQuantiles(0.99, 0.9), series("acme", "db", "12", "5", "20")))
			.isEqualTo(new Forecast(12, 5, 20, 20));
	}

	@Test
	void badSeriesAreDroppedOneByOneAndTheOthersKept() {
		ForecastSnapshotReader.Result result = read(series("good", "db", "2", "1", "3"),
				series("nan", "db", "NaN", "1", "3"), series("negative", "db", "2", "-1", "3"),
				series("unordered", "db", "2", "5", "3"), series("gpu-user", "gpu", "2", "1", "3"),
				series("text", "db", "\"two\"", "1", "3"), series("good", "db", "2", "1", "3"));

		assertThat(result.table().series()).containsOnlyKeys(new SeriesKey("good", "db"));
		assertThat(result.dropped()).hasSize(6);
	}

	@Test
	void aSnapshotObjectIsValidatedByTheRulesItsJsonWouldBe() {
		Instant nine = Instant.parse("2026-11-30T09:00:00Z");
		ForecastSnapshot snapshot = new ForecastSnapshot(nine, "PT1M",
				List.of(new ForecastSnapshot.SeriesForecast("good", "db", "m", 1,
						List.of(new ForecastSnapshot.Point(nine, 2, 1, 3))),
						new ForecastSnapshot.SeriesForecast("unordered", "db", "m", 1,
								List.of(new ForecastSnapshot.Point(nine, 2, 5, 3))),
						new ForecastSnapshot.SeriesForecast("offgrid", "db", "m", 1,
								List.of(new ForecastSnapshot.Point(nine.plusSeconds(30), 2, 1, 3))),
						new ForecastSnapshot.SeriesForecast("gpu-user", "gpu", "m", 1,
								List.of(new ForecastSnapshot.Point(nine, 2, 1, 3))),
						new ForecastSnapshot.SeriesForecast(null, "db", "m", 1, List.of())));

		ForecastSnapshotReader.Result direct = this.reader.read(snapshot);
		ForecastSnapshotReader.Result fromJson = this.reader.read(ForecastSnapshotCodec.write(snapshot));

		assertThat(direct.table().series()).containsOnlyKeys(new SeriesKey("good", "db"));
		assertThat(direct.dropped()).hasSize(4).isEqualTo(fromJson.dropped());
		assertThat(direct.table()).isEqualTo(fromJson.table());
	}

	@Test
	void aSnapshotOfAnotherStepIsRefusedWhole() {
		String body = "{\"step\":\"PT5M\",\"series\":[]}";

		assertThatThrownBy(() -> this.reader.read(body.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(ForecastSnapshotReader.InvalidSnapshotException.class)
			.hasMessageContaining("predictive.step=PT1M");
	}

	@Test
	void aBodyThatIsNotJsonIsRefusedWhole() {
		assertThatThrownBy(() -> this.reader.read("<html>".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(ForecastSnapshotReader.InvalidSnapshotException.class);
	}

	@Test
	void aValueBeyondTheRangeOfADoubleIsDroppedAsNotFinite() {
		ForecastSnapshotReader.Result result = read(series("overflow", "db", "1", "0", "1e400"),
				series("good", "db", "2", "1", "3"));

		assertThat(result.table().series()).containsOnlyKeys(new SeriesKey("good", "db"));
		assertThat(result.dropped()).singleElement().asString().contains("finite");
	}

	@Test
	void fieldsTheReaderDoesNotKnowAreIgnored() {
		String body = "{\"generatedAt\":\"2026-11-30T08:59:50Z\",\"step\":\"PT1M\",\"vendor\":{\"x\":1},"
				+ "\"series\":[{\"tenant\":\"acme\",\"resource\":\"db\",\"plan\":\"gold\",\"decision\":\"preallocated\","
				+ "\"points\":[{\"start\":\"2026-11-30T09:00:00Z\",\"mean\":12,\"lower\":5,\"upper\":20,\"p99\":400}]}]}";

		ForecastSnapshotReader.Result result = this.reader.read(body.getBytes(StandardCharsets.UTF_8));

		assertThat(result.dropped()).isEmpty();
		assertThat(result.table().forecast(new SeriesKey("acme", "db"), 1_796_029_200L))
			.isEqualTo(new Forecast(12, 5, 20));
	}

}
