package io.github.predictivegateway.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The forecasts pulled from a forecaster (the sidecar over HTTP, or the embedded one),
 * kept as the last good snapshot and served to the pre-allocation cycle with a staleness
 * rule.
 *
 * <p>
 * <b>Freshness.</b> The snapshot is <i>confirmed</i> at the engine time of the last
 * successful contact with the forecaster: a new snapshot, or a {@code 304 Not Modified}
 * for the one held. A failed pull, a refused snapshot or a snapshot whose series were all
 * dropped does not confirm anything; the last good snapshot stays in use.
 *
 * <p>
 * <b>Decay rule.</b> Let {@code c} be the last confirmation, {@code S} the staleness
 * limit, {@code L} the step length and {@code n} the decay steps. For a step starting at
 * {@code t}: <pre>
 *   t &lt; c + S :  factor f = 1
 *   otherwise :  k = ⌊(t − (c + S)) / L⌋ + 1,   f = max(0, 1 − k / n)
 * </pre> and the forecast used is the snapshot's point for that step with {@code mean},
 * {@code lower} and {@code upper} each multiplied by {@code f}. With {@code n = 4} the
 * first four steps starting after the limit get 75%, 50%, 25% and 0% of their forecast,
 * and pre-allocation stays at zero from then on: the filter is a plain token-bucket
 * limiter until the forecaster answers again, which restores {@code f = 1} at once. Steps
 * the snapshot does not reach (past its horizon) have no forecast.
 */
public final class SnapshotForecastSource implements ForecastSource {

	private final TimeSource time;

	private final long stalenessNanos;

	private final int decaySteps;

	private volatile Held held;

	private final AtomicLong snapshotsAccepted = new AtomicLong();

	private final AtomicLong seriesDropped = new AtomicLong();

	private record Held(ForecastTable table, long confirmedNanos) {
	}

	/**
	 * @param time the engine's clock (virtual under compressed time)
	 * @param staleness how long after the last confirmation forecasts are used in full
	 * @param decaySteps how many steps after that the pre-allocation takes to decay to
	 * zero, at least 1
	 */
	public SnapshotForecastSource(TimeSource time, Duration staleness, int decaySteps) {
		if (staleness.isNegative()) {
			throw new IllegalArgumentException("staleness must not be negative, got " + staleness);
		}
		if (decaySteps < 1) {
			throw new IllegalArgumentException("decay steps must be at least 1, got " + decaySteps);
		}
		this.time = time;
		this.stalenessNanos = staleness.toNanos();
		this.decaySteps = decaySteps;
	}

	/**
	 * Takes a newly read snapshot. One whose series were all dropped (while some were
	 * sent) is not used, so a forecaster answering garbage cannot wipe out the last good
	 * forecast.
	 * @return whether it replaced the one held
	 */
	public boolean accept(ForecastSnapshotReader.Result result) {
		this.seriesDropped.addAndGet(result.dropped().size());
		if (result.table().series().isEmpty() && !result.dropped().isEmpty()) {
			return false;
		}
		this.held = new Held(result.table(), this.time.epochNanos());
		this.snapshotsAccepted.incrementAndGet();
		return true;
	}

	/** The forecaster says the snapshot held is still current ({@code 304}). */
	public void confirm() {
		Held current = this.held;
		if (current != null) {
			this.held = new Held(current.table(), this.time.epochNanos());
		}
	}

	@Override
	public Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step) {
		Held current = this.held;
		if (current == null) {
			return Map.of();
		}
		double factor = factor(current.confirmedNanos(), stepStart, step);
		if (factor <= 0) {
			return Map.of();
		}
		long start = stepStart.getEpochSecond();
		Map<SeriesKey, Forecast> forecasts = new HashMap<>();
		current.table().series().forEach((key, points) -> {
			Forecast forecast = points.get(start);
			if (forecast != null) {
				forecasts.put(key, (factor == 1.0) ? forecast : new Forecast(forecast.mean() * factor,
						forecast.lower() * factor, forecast.upper() * factor, forecast.burstAbove() * factor));
			}
		});
		return forecasts;
	}

	/**
	 * The decay factor {@code f} of the class comment for a step starting at
	 * {@code stepStart}.
	 */
	double factor(long confirmedNanos, Instant stepStart, Duration step) {
		long startNanos = stepStart.getEpochSecond() * 1_000_000_000L + stepStart.getNano();
		long overdue = startNanos - (confirmedNanos + this.stalenessNanos);
		if (overdue < 0) {
			return 1.0;
		}
		long k = overdue / step.toNanos() + 1;
		return Math.max(0.0, 1.0 - (double) k / this.decaySteps);
	}

	/**
	 * Engine nanoseconds since the snapshot was last confirmed, or {@code -1} if none was
	 * ever received.
	 */
	public long ageNanos() {
		Held current = this.held;
		return (current != null) ? this.time.epochNanos() - current.confirmedNanos() : -1;
	}

	/** Whether forecasts are past the staleness limit (or none was ever received). */
	public boolean isStale() {
		long age = ageNanos();
		return age < 0 || age > this.stalenessNanos;
	}

	public ForecastTable table() {
		Held current = this.held;
		return (current != null) ? current.table() : null;
	}

	public long snapshotsAccepted() {
		return this.snapshotsAccepted.get();
	}

	/** Series dropped as invalid, over all snapshots read. */
	public long seriesDropped() {
		return this.seriesDropped.get();
	}

}
