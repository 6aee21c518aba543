package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.predictivegateway.wire.SeriesKey;

/**
 * Where forecasts come from: declared in configuration, pulled from the forecast sidecar,
 * or computed in-process. Called off the request path, once per step per resource
 * planning cycle.
 */
@FunctionalInterface
public interface ForecastSource {

	/**
	 * Forecast demand in the step {@code [stepStart, stepStart + step)}, per series.
	 * Series the source knows nothing about are absent; an empty map means no
	 * pre-allocation for that step.
	 */
	Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step);

}
