package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the forecaster's snapshot ({@code GET /v1/forecasts}) and validates it series by
 * series.
 *
 * <p>
 * A snapshot as a whole is refused ({@link InvalidSnapshotException}) when it is not
 * JSON, has no {@code series} array, or runs another step than the gateway: nothing of it
 * could be placed on the step grid. A single series is dropped, and counted, when its
 * tenant or resource is missing, its resource type is not declared, it repeats a series
 * already read, it has no points, or one of its points has a start off the step grid or
 * values that are not finite, negative, or out of order ({@code lower ≤ mean ≤ upper});
 * the other series are used. Tenants the gateway does not know are kept: they get the
 * default plan's limits. Non-numeric JSON numbers ({@code NaN}, {@code Infinity}) are
 * read, so that they drop their own series only.
 */
public final class ForecastSnapshotReader {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private final Duration step;

	private final Predicate<String> knownResource;

	/**
	 * @param step the gateway's step; a snapshot of another step is refused
	 * @param knownResource whether a resource type name is declared
	 */
	public ForecastSnapshotReader(Duration step, Predicate<String> knownResource) {
		this.step = step;
		this.knownResource = knownResource;
	}

	/** A read snapshot and what was dropped from it. */
	public record Result(ForecastTable table, List<String> dropped) {
	}

	/** A snapshot that cannot be used at all. */
	public static final class InvalidSnapshotException extends RuntimeException {

		public InvalidSnapshotException(String message) {
			super(message);
		}

	}

	public Result read(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidSnapshotException("the forecast snapshot is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("series").isArray()) {
			throw new InvalidSnapshotException("the forecast snapshot has no 'series' array");
		}
		Duration snapshotStep = parseStep(root.path("step"));
		if (!this.step.equals(snapshotStep)) {
			throw new InvalidSnapshotException("the forecast snapshot's step is " + root.path("step")
					+ "; this gateway runs predictive.step=" + this.step);
		}
		Instant generatedAt = parseInstant(root.path("generatedAt"));
		Map<SeriesKey, Map<Long, Forecast>> series = new HashMap<>();
		List<String> dropped = new ArrayList<>();
		int index = 0;
		for (JsonNode node : root.path("series")) {
			String problem = readSeries(node, series);
			if (problem != null) {
				dropped.add("series[" + index + "]: " + problem);
			}
			index++;
		}
		return new Result(new ForecastTable((generatedAt != null) ? generatedAt : Instant.EPOCH, this.step, series),
				dropped);
	}

	private String readSeries(JsonNode node, Map<SeriesKey, Map<Long, Forecast>> into) {
		String tenant = text(node.path("tenant"));
		String resource = text(node.path("resource"));
		if (tenant == null || tenant.isBlank() || resource == null || resource.isBlank()) {
			return "tenant or resource missing";
		}
		if (!this.knownResource.test(resource)) {
			return "resource type '" + resource + "' is not declared in predictive.capacity";
		}
		SeriesKey key = new SeriesKey(tenant, resource);
		if (into.containsKey(key)) {
			return "a second series for " + tenant + "/" + resource;
		}
		JsonNode points = node.path("points");
		if (!points.isArray() || points.isEmpty()) {
			return "no points";
		}
		Map<Long, Forecast> byStart = new LinkedHashMap<>();
		long stepSeconds = this.step.getSeconds();
		for (JsonNode point : points) {
			Instant start = parseInstant(point.path("start"));
			if (start == null || start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), stepSeconds) != 0) {
				return "point start " + point.path("start") + " is not a step start";
			}
			JsonNode mean = point.path("mean");
			JsonNode lower = point.path("lower");
			JsonNode upper = point.path("upper");
			if (!mean.isNumber() || !lower.isNumber() || !upper.isNumber()) {
				return "point " + start + " lacks numeric mean, lower and upper";
			}
			try {
				byStart.put(start.getEpochSecond(),
						new Forecast(mean.doubleValue(), lower.doubleValue(), upper.doubleValue()));
			}
			catch (IllegalArgumentException ex) {
				return "point " + start + ": " + ex.getMessage();
			}
		}
		into.put(key, byStart);
		return null;
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	private static Instant parseInstant(JsonNode node) {
		String text = text(node);
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Duration parseStep(JsonNode node) {
		String text = text(node);
		if (text == null) {
			return null;
		}
		try {
			return Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
