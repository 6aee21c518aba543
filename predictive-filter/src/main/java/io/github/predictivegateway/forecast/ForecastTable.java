package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.predictivegateway.wire.SeriesKey;

/**
 * A validated forecast snapshot as the gateway keeps it: per series, the forecast of each
 * step it covers, keyed by the step's start in epoch seconds.
 *
 * @param generatedAt when the forecaster computed it
 * @param step the step the forecaster runs; equal to the gateway's
 * @param series per series, per step start (epoch seconds), the forecast demand in that
 * step, units per step
 */
public record ForecastTable(Instant generatedAt, Duration step, Map<SeriesKey, Map<Long, Forecast>> series) {

	public ForecastTable {
		series = Map.copyOf(series);
	}

	/**
	 * The forecast of a series for the step starting at {@code stepStartEpochSecond}, or
	 * {@code null}.
	 */
	public Forecast forecast(SeriesKey key, long stepStartEpochSecond) {
		Map<Long, Forecast> points = this.series.get(key);
		return (points != null) ? points.get(stepStartEpochSecond) : null;
	}

}
