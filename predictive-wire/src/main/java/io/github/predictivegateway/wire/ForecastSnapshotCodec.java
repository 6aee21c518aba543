package io.github.predictivegateway.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The forecast snapshot's JSON: <pre>
 * {"generatedAt": ISO instant, "step": ISO duration,
 *  "series": [{"tenant", "resource", "model", "modelVersion",
 *              "points": [{"start": ISO instant, "mean", "lower", "upper",
 *                          "quantiles": {"0.5": q, "0.95": q, ...}}]}]}
 * </pre> {@code quantiles} came with the second release; a reader of the first ignores it
 * and reads the rest as before.
 *
 * <p>
 * {@link #write} uses Jackson's streaming generator: ten thousand series share the same
 * dozen step starts, so each start is formatted once per snapshot instead of once per
 * point. {@link #read} refuses only bytes that are not JSON or have no {@code series}
 * array ({@link WireFormatException}); everything else is read as sent, a field missing
 * or of the wrong type as {@code null} (numbers: NaN), fields it does not know ignored,
 * and non-numeric JSON numbers ({@code NaN}, {@code Infinity}) read, so that validation
 * can drop the one series a bad value spoils.
 */
public final class ForecastSnapshotCodec {

	private ForecastSnapshotCodec() {
	}

	/** The snapshot as UTF-8 JSON. */
	public static byte[] write(ForecastSnapshot snapshot) {
		Map<Instant, String> starts = new HashMap<>();
		Map<Double, String> levels = new HashMap<>();
		return WireJson.write(256 + snapshot.series().size() * 1024, json -> {
			json.writeStartObject();
			json.writeStringProperty("generatedAt", text(snapshot.generatedAt()));
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
					Instant start = point.start();
					json.writeStringProperty("start",
							(start != null) ? starts.computeIfAbsent(start, Instant::toString) : null);
					json.writeNumberProperty("mean", point.mean());
					json.writeNumberProperty("lower", point.lower());
					json.writeNumberProperty("upper", point.upper());
					if (!point.quantiles().isEmpty()) {
						json.writeName("quantiles");
						json.writeStartObject();
						for (Map.Entry<Double, Double> q : point.quantiles().entrySet()) {
							json.writeNumberProperty(levels.computeIfAbsent(q.getKey(), Object::toString),
									q.getValue());
						}
						json.writeEndObject();
					}
					json.writeEndObject();
				}
				json.writeEndArray();
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	/**
	 * Reads a snapshot as sent.
	 * @throws WireFormatException if the body is not JSON or has no {@code series} array
	 */
	public static ForecastSnapshot read(byte[] body) {
		JsonNode root;
		try {
			root = WireJson.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new WireFormatException("the forecast snapshot is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("series").isArray()) {
			throw new WireFormatException("the forecast snapshot has no 'series' array");
		}
		List<ForecastSnapshot.SeriesForecast> series = new ArrayList<>(root.path("series").size());
		for (JsonNode node : root.path("series")) {
			series.add(series(node));
		}
		return new ForecastSnapshot(instant(root.path("generatedAt")), text(root.path("step")), series);
	}

	private static ForecastSnapshot.SeriesForecast series(JsonNode node) {
		JsonNode points = node.path("points");
		List<ForecastSnapshot.Point> read = new ArrayList<>(points.isArray() ? points.size() : 0);
		if (points.isArray()) {
			for (JsonNode point : points) {
				read.add(new ForecastSnapshot.Point(instant(point.path("start")), number(point.path("mean")),
						number(point.path("lower")), number(point.path("upper")), quantiles(point.path("quantiles"))));
			}
		}
		JsonNode version = node.path("modelVersion");
		return new ForecastSnapshot.SeriesForecast(text(node.path("tenant")), text(node.path("resource")),
				text(node.path("model")), version.isIntegralNumber() ? version.intValue() : 0, read);
	}

	/**
	 * Quantiles by level; a key that is not a level in (0, 1) or a value that is not a
	 * number is left out.
	 */
	private static SortedMap<Double, Double> quantiles(JsonNode node) {
		SortedMap<Double, Double> out = new TreeMap<>();
		if (!node.isObject()) {
			return out;
		}
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			try {
				double level = Double.parseDouble(e.getKey());
				if (level > 0 && level < 1 && e.getValue().isNumber()) {
					out.put(level, e.getValue().doubleValue());
				}
			}
			catch (NumberFormatException ex) {
				// not a level: ignored like any field this reader does not know
			}
		}
		return out;
	}

	private static double number(JsonNode node) {
		return node.isNumber() ? node.doubleValue() : Double.NaN;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static @Nullable Instant instant(JsonNode node) {
		return WireJson.parsed(text(node), Instant::parse);
	}

}
