package io.github.predictivegateway.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The forecaster's snapshot, the body of {@code GET /v1/forecasts}: per series, demand
 * forecast for the current step and the ones after it, in units per step. Built by the
 * forecaster, written and read by {@link ForecastSnapshotCodec}, validated by the gateway
 * series by series.
 *
 * <p>
 * As read, a snapshot holds what was sent, valid or not: a field that is missing or of
 * the wrong type is {@code null} (a number: NaN), so that the gateway can drop the one
 * series it spoils and keep the others.
 *
 * @param generatedAt when it was computed
 * @param step the step, ISO-8601 ({@code PT1M})
 * @param series one entry per series with a live model
 */
public record ForecastSnapshot(@Nullable Instant generatedAt, @Nullable String step, List<SeriesForecast> series) {

	public ForecastSnapshot {
		series = List.copyOf(series);
	}

	/** The step as a duration, or {@code null} when it is missing or not ISO-8601. */
	public @Nullable Duration stepDuration() {
		return WireJson.parsed(this.step, Duration::parse);
	}

	/**
	 * One series' forecast.
	 *
	 * @param tenant who
	 * @param resource which resource type
	 * @param model the model's name (a kind, or {@code ensemble(a+b)})
	 * @param modelVersion the version serving the series
	 * @param points the forecast steps, the current one first
	 */
	public record SeriesForecast(@Nullable String tenant, @Nullable String resource, @Nullable String model,
			int modelVersion, List<Point> points) {

		public SeriesForecast {
			points = List.copyOf(points);
		}

	}

	/**
	 * One future step: its start and the forecast demand in it, a point forecast, its
	 * central interval and quantiles of the demand by level (added in the second release;
	 * empty from a forecaster of the first, whose {@code upper} is the 0.975 quantile of
	 * a 95% interval).
	 *
	 * @param quantiles demand at or below which the step falls with the key's
	 * probability, keys in (0, 1) in increasing order
	 */
	public record Point(@Nullable Instant start, double mean, double lower, double upper,
			SortedMap<Double, Double> quantiles) {

		public Point {
			quantiles = Collections.unmodifiableSortedMap(new TreeMap<>(quantiles));
		}

		/** A point without quantiles (as a forecaster of the first release sends it). */
		public Point(@Nullable Instant start, double mean, double lower, double upper) {
			this(start, mean, lower, upper, new TreeMap<>());
		}

	}

}
