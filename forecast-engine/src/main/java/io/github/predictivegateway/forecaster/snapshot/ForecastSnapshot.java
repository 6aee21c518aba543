package io.github.predictivegateway.forecaster.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /v1/forecasts}: per series, demand forecast for the next steps,
 * in units per step.
 *
 * @param generatedAt when it was computed
 * @param step the step, ISO-8601 ({@code PT1M})
 * @param series one entry per series with a live model
 */
public record ForecastSnapshot(Instant generatedAt, String step, List<SeriesForecast> series) {

	/** One series' forecast. */
	public record SeriesForecast(String tenant, String resource, String model, int modelVersion, List<Point> points) {
	}

	/** One future step: its start and the forecast demand in it. */
	public record Point(Instant start, double mean, double lower, double upper) {
	}

}
