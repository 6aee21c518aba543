package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.ForecastSnapshotCodec;
import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.WireFormatException;

/**
 * Validates the forecaster's snapshot series by series: as JSON pulled from a sidecar
 * ({@code GET /v1/forecasts}, read by {@link ForecastSnapshotCodec}), or as the object
 * the embedded forecaster built in this process. Both go through the same rules.
 *
 * <p>
 * A snapshot as a whole is refused ({@link InvalidSnapshotException}) when it is not
 * JSON, has no {@code series} array, or runs another step than the gateway: nothing of it
 * could be placed on the step grid. A single series is dropped, and counted, when its
 * tenant or resource is missing, its resource type is not declared, it repeats a series
 * already read, it has no points, or one of its points has a start off the step grid or
 * values that are not finite, negative, or out of order ({@code lower ≤ mean ≤ upper});
 * the other series are used. The upper bound used is the point's quantile at the
 * reservation level and the burst threshold its quantile at the burst level
 * ({@link ForecastQuantiles}); from a forecaster that sends no quantiles, its upper bound
 * for both. Tenants the gateway does not know are kept: they get the default plan's
 * limits. Non-numeric JSON numbers ({@code NaN}, {@code Infinity}) are read, so that they
 * drop their own series only.
 */
public final class ForecastSnapshotReader {

	private final Duration step;

	private final Predicate<String> knownResource;

	private final ForecastQuantiles quantiles;

	/**
	 * A reader reserving and detecting bursts at the 0.95 quantile.
	 * @param step the gateway's step; a snapshot of another step is refused
	 * @param knownResource whether a resource type name is declared
	 */
	public ForecastSnapshotReader(Duration step, Predicate<String> knownResource) {
		this(step, knownResource, ForecastQuantiles.DEFAULTS);
	}

	/**
	 * @param step the gateway's step; a snapshot of another step is refused
	 * @param knownResource whether a resource type name is declared
	 * @param quantiles the quantiles reserved and counted as bursts
	 */
	public ForecastSnapshotReader(Duration step, Predicate<String> knownResource, ForecastQuantiles quantiles) {
		this.step = step;
		this.knownResource = knownResource;
		this.quantiles = quantiles;
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

	/** Reads a snapshot's JSON, then validates it as {@link #read(ForecastSnapshot)}. */
	public Result read(byte[] body) {
		ForecastSnapshot snapshot;
		try {
			snapshot = ForecastSnapshotCodec.read(body);
		}
		catch (WireFormatException ex) {
			throw new InvalidSnapshotException(ex.getMessage());
		}
		return read(snapshot);
	}

	/** Validates a snapshot series by series. */
	public Result read(ForecastSnapshot snapshot) {
		if (!this.step.equals(snapshot.stepDuration())) {
			throw new InvalidSnapshotException("the forecast snapshot's step is " + snapshot.step()
					+ "; this gateway runs predictive.step=" + this.step);
		}
		Map<SeriesKey, Map<Long, Forecast>> series = new HashMap<>();
		List<String> dropped = new ArrayList<>();
		int index = 0;
		for (ForecastSnapshot.SeriesForecast forecast : snapshot.series()) {
			String problem = readSeries(forecast, series);
			if (problem != null) {
				dropped.add("series[" + index + "]: " + problem);
			}
			index++;
		}
		Instant generatedAt = snapshot.generatedAt();
		return new Result(new ForecastTable((generatedAt != null) ? generatedAt : Instant.EPOCH, this.step, series),
				dropped);
	}

	/**
	 * The point as the gateway uses it: its reserved upper bound and burst threshold at
	 * the configured quantiles (at least the mean), or its upper bound for both when it
	 * carries no quantiles.
	 */
	private Forecast forecast(ForecastSnapshot.Point point) {
		Forecast sent = new Forecast(point.mean(), point.lower(), point.upper());
		if (point.quantiles().isEmpty()) {
			return sent;
		}
		double reserved = ForecastQuantiles.at(point.quantiles(), this.quantiles.reservation(), point.upper());
		double burst = ForecastQuantiles.at(point.quantiles(), this.quantiles.burst(), point.upper());
		if (!(burst >= 0)) {
			throw new IllegalArgumentException("quantile " + this.quantiles.burst() + " is " + burst);
		}
		return new Forecast(sent.mean(), sent.lower(), Math.max(reserved, sent.mean()), burst);
	}

	private @Nullable String readSeries(ForecastSnapshot.SeriesForecast forecast,
			Map<SeriesKey, Map<Long, Forecast>> into) {
		String tenant = forecast.tenant();
		String resource = forecast.resource();
		if (tenant == null || tenant.isBlank() || resource == null || resource.isBlank()) {
			return "tenant or resource missing";
		}
		if (!this.knownResource.test(resource)) {
			return "resource type '" + resource + "' is not declared in predictive.capacity";
		}
		SeriesKey key = new SeriesKey(tenant, resource);
		if (into.containsKey(key)) {
			return "a second series for " + key.label();
		}
		if (forecast.points().isEmpty()) {
			return "no points";
		}
		Map<Long, Forecast> byStart = new LinkedHashMap<>();
		long stepSeconds = this.step.getSeconds();
		for (ForecastSnapshot.Point point : forecast.points()) {
			Instant start = point.start();
			if (start == null) {
				return "a point has no start (an ISO-8601 instant)";
			}
			if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), stepSeconds) != 0) {
				return "point start " + start + " is not a step start";
			}
			try {
				byStart.put(start.getEpochSecond(), forecast(point));
			}
			catch (IllegalArgumentException ex) {
				return "point " + start + ": " + ex.getMessage();
			}
		}
		into.put(key, byStart);
		return null;
	}

}
