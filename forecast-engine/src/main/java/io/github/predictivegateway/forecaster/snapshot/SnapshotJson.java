package io.github.predictivegateway.forecaster.snapshot;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link ForecastSnapshot} as JSON with Jackson's streaming generator. Ten
 * thousand series share the same dozen step starts, so each start is formatted once per
 * snapshot instead of once per point; the output is the same JSON the data-binding writer
 * produces (and reads back into {@link ForecastSnapshot}).
 */
final class SnapshotJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SnapshotJson() {
	}

	static byte[] write(ForecastSnapshot snapshot) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + snapshot.series().size() * 1024);
		Map<Instant, String> starts = new HashMap<>();
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("generatedAt", snapshot.generatedAt().toString());
			json.writeStringProperty("step", snapshot.step());
			json.writeName("series");
			json.writeStartArray();
			for (ForecastSnapshot.SeriesForecast series : snapshot.series()) {
				json.writeStartObject();
				json.writeStringProperty("tenant", series.tenant());
				json.writeStringProperty("resource", series.resource());
				json.writeStringProperty("model", series.model());
				json.writeNumberProperty("modelVersion", series.modelVersion());
				json.writeName("points");
				json.writeStartArray();
				for (ForecastSnapshot.Point point : series.points()) {
					json.writeStartObject();
					json.writeStringProperty("start", starts.computeIfAbsent(point.start(), Instant::toString));
					json.writeNumberProperty("mean", point.mean());
					json.writeNumberProperty("lower", point.lower());
					json.writeNumberProperty("upper", point.upper());
					json.writeEndObject();
				}
				json.writeEndArray();
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
