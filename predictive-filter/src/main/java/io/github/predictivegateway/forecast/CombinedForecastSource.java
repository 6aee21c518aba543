package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.wire.SeriesKey;

/**
 * Several forecast sources as one, e.g. the declared pre-allocations and the forecaster's
 * snapshot. Where two sources forecast the same series, the forecast with the larger
 * upper bound applies: a declared burst is never undercut by a forecast that missed it,
 * and a forecast above a declaration is not cut down to it.
 */
public record CombinedForecastSource(List<ForecastSource> sources) implements ForecastSource {

	public CombinedForecastSource {
		sources = List.copyOf(sources);
	}

	@Override
	public Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step) {
		Map<SeriesKey, Forecast> combined = new HashMap<>();
		for (ForecastSource source : this.sources) {
			source.forecastsFor(stepStart, step)
				.forEach((key, forecast) -> combined.merge(key, forecast, Forecast::larger));
		}
		return combined;
	}

}
