package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.wire.SeriesKey;

/**
 * Pre-allocations read from configuration: declared, scheduled bursts ("acme needs 3000
 * db units per minute on weekdays 09:00–10:00"). Each declaration is an exact forecast
 * ({@code mean = lower = upper = units}); where two declarations for the same series
 * overlap, the larger applies.
 */
public record DeclaredForecastSource(List<DeclaredPreallocation> declarations) implements ForecastSource {

	public DeclaredForecastSource {
		declarations = List.copyOf(declarations);
	}

	@Override
	public Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step) {
		ZonedDateTime start = stepStart.atZone(ZoneOffset.UTC);
		Map<SeriesKey, Forecast> forecasts = new HashMap<>();
		for (DeclaredPreallocation declaration : this.declarations) {
			if (declaration.appliesAt(start)) {
				forecasts.merge(new SeriesKey(declaration.tenant(), declaration.resource()),
						Forecast.exactly(declaration.units()), Forecast::larger);
			}
		}
		return forecasts;
	}

}
