package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staleness rule: forecasts are used in full until {@code staleness} after the last
 * confirmation, then decay by {@code 1/decaySteps} per step to zero.
 */
class SnapshotForecastSourceTests {

	private static final Duration STEP = Duration.ofMinutes(1);

	private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private final ManualTimeSource time = new ManualTimeSource(T0);

	/** Staleness 3 minutes, decay over 4 steps. */
	private final SnapshotForecastSource source = new SnapshotForecastSource(this.time, Duration.ofMinutes(3), 4);

	private static ForecastSnapshotReader.Result snapshot(double upper, int steps) {
		Map<Long, Forecast> points = new HashMap<>();
		for (int i = 0; i < steps; i++) {
			points.put(T0.plus(STEP.multipliedBy(i)).getEpochSecond(), new Forecast(upper / 2, upper / 4, upper));
		}
		return new ForecastSnapshotReader.Result(new ForecastTable(T0, STEP, Map.of(ACME, points)), List.of());
	}

	private double upperAt(int step) {
		Forecast f = this.source.forecastsFor(T0.plus(STEP.multipliedBy(step)), STEP).get(ACME);
		return (f != null) ? f.upper() : 0;
	}

	@Test
	void withoutAnySnapshotThereIsNoForecast() {
		assertThat(this.source.forecastsFor(T0, STEP)).isEmpty();
		assertThat(this.source.isStale()).isTrue();
	}

	@Test
	void aStaleForecastDecaysToZeroStepByStep() {
		this.source.accept(snapshot(100, 12));

		// confirmed at 09:00; steps starting before 09:03 are in full, then 75%, 50%,
		// 25%, 0
		assertThat(
				List.of(upperAt(0), upperAt(1), upperAt(2), upperAt(3), upperAt(4), upperAt(5), upperAt(6), upperAt(7)))
			.containsExactly(100.0, 100.0, 100.0, 75.0, 50.0, 25.0, 0.0, 0.0);
	}

	@Test
	void aConfirmationRestoresTheForecastInFull() {
		this.source.accept(snapshot(100, 12));
		this.time.advance(Duration.ofMinutes(5));
		assertThat(this.source.isStale()).isTrue();

		this.source.confirm();

		assertThat(this.source.isStale()).isFalse();
		assertThat(upperAt(6)).isEqualTo(100.0);
	}

	@Test
	void aSnapshotWhoseSeriesWereAllDroppedDoesNotReplaceTheLastGoodOne() {
		this.source.accept(snapshot(100, 12));
		ForecastSnapshotReader.Result garbage = new ForecastSnapshotReader.Result(new ForecastTable(T0, STEP, Map.of()),
				List.of("series[0]: no points"));

		assertThat(this.source.accept(garbage)).isFalse();

		assertThat(upperAt(0)).isEqualTo(100.0);
		assertThat(this.source.seriesDropped()).isEqualTo(1);
	}

	@Test
	void stepsPastTheSnapshotsHorizonHaveNoForecast() {
		this.source.accept(snapshot(100, 2));

		assertThat(upperAt(2)).isZero();
	}

}
