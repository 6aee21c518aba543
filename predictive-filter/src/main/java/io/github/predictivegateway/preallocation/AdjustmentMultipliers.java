package io.github.predictivegateway.preallocation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Dynamic adjustment of pre-allocations: per tenant × resource type, a multiplier
 * {@code m} on the forecast's upper bound, learnt from how the tenant's <i>offered</i>
 * demand (attempted units, throttled requests included: otherwise the forecast would
 * learn its own throttling) compares with what was forecast.
 *
 * <p>
 * Rule, applied at the end of every step {@code s} that had a forecast
 * {@code [lower, upper]} for the series, with offered demand {@code D} in it (0 when no
 * request came), {@code k} consecutive steps, factors {@code up > 1 > down} and bounds
 * {@code [min, max] ∋ 1}: <pre>
 *   D &gt; upper :  above += 1, below = 0, bursts += 1;  if above = k:  m ← min(max, m × up),   above = 0
 *   D &lt; lower :  below += 1, above = 0;               if below = k:  m ← max(min, m × down), below = 0
 *   otherwise :  above = below = 0                     (m unchanged)
 * </pre> The hysteresis is twofold: a lone burst or lull moves nothing (it takes
 * {@code k} steps in a row), and demand anywhere inside the interval leaves {@code m}
 * where it is, so {@code m} does not oscillate around the forecast. Every step whose
 * demand exceeds {@code upper} is a <i>burst</i> and is counted. The pre-allocation cycle
 * then asks for {@code d = min(upper × m, max-preallocation)}.
 *
 * <p>
 * A forecast without an interval ({@code lower = upper}) is a declared amount, an
 * operator's decision rather than a forecast: it is neither adjusted nor learnt from
 * ({@link #multiplier(SeriesKey, Forecast)} is 1 for it).
 *
 * <p>
 * <b>Bounded.</b> Only series whose state says something are held: a series back at
 * {@code m = 1} with no step counted towards a move and no burst is forgotten (it reads
 * the same as one never seen). At most {@code maxSeries} series are held (the tenant
 * bound, {@code predictive.max-tenants}, times the resource types); beyond it the least
 * recently used is forgotten and starts again from {@code m = 1}. So made-up tenant ids
 * that come with forecasts cannot grow it without bound. The highest and lowest
 * multipliers, which the meters read on every scrape, are kept as each step is learnt, so
 * a scrape copies nothing.
 *
 * <p>
 * Forecasts are remembered for the last {@value #REMEMBERED_STEPS} steps prepared, so
 * demand may be reported a little after its step ends. Thread-safe.
 */
public final class AdjustmentMultipliers {

	static final int REMEMBERED_STEPS = 8;

	private final double min;

	private final double max;

	private final double up;

	private final double down;

	private final int consecutive;

	private final long maxSeries;

	private final Map<SeriesKey, State> states;

	private double highest = 1.0;

	private double lowest = 1.0;

	private final TreeMap<Long, Map<SeriesKey, Forecast>> expected = new TreeMap<>();

	private long bursts;

	private static final class State {

		double multiplier = 1.0;

		int above;

		int below;

		long bursts;

		/** Says nothing a series never seen would not say. */
		boolean neutral() {
			return this.multiplier == 1.0 && this.above == 0 && this.below == 0 && this.bursts == 0;
		}

	}

	/** Series held by the constructor without a bound of its own. */
	public static final long DEFAULT_MAX_SERIES = 100_000;

	/**
	 * @param min lowest multiplier, in (0, 1]
	 * @param max highest multiplier, at least 1
	 * @param up factor applied when demand stays above the interval, above 1
	 * @param down factor applied when demand stays below the interval, in (0, 1)
	 * @param consecutive steps in a row it takes to move, at least 1
	 */
	public AdjustmentMultipliers(double min, double max, double up, double down, int consecutive) {
		this(min, max, up, down, consecutive, DEFAULT_MAX_SERIES);
	}

	/**
	 * @param min lowest multiplier, in (0, 1]
	 * @param max highest multiplier, at least 1
	 * @param up factor applied when demand stays above the interval, above 1
	 * @param down factor applied when demand stays below the interval, in (0, 1)
	 * @param consecutive steps in a row it takes to move, at least 1
	 * @param maxSeries most series whose state is held, at least 1
	 */
	public AdjustmentMultipliers(double min, double max, double up, double down, int consecutive, long maxSeries) {
		if (!(min > 0 && min <= 1)) {
			throw new IllegalArgumentException("min is " + min + "; it must be within (0, 1]");
		}
		if (!(max >= 1) || Double.isInfinite(max)) {
			throw new IllegalArgumentException("max is " + max + "; it must be a finite number of at least 1");
		}
		if (!(up > 1) || Double.isInfinite(up)) {
			throw new IllegalArgumentException("up is " + up + "; it must be a finite number above 1");
		}
		if (!(down > 0 && down < 1)) {
			throw new IllegalArgumentException("down is " + down + "; it must be within (0, 1)");
		}
		if (consecutive < 1) {
			throw new IllegalArgumentException("consecutive-steps is " + consecutive + "; it must be at least 1");
		}
		if (maxSeries < 1) {
			throw new IllegalArgumentException("the most series held is " + maxSeries + "; it must be at least 1");
		}
		this.min = min;
		this.max = max;
		this.up = up;
		this.down = down;
		this.consecutive = consecutive;
		this.maxSeries = maxSeries;
		this.states = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<SeriesKey, State> eldest) {
				return size() > AdjustmentMultipliers.this.maxSeries;
			}

		};
	}

	/** No adjustment: {@code m = 1} always. */
	public static AdjustmentMultipliers none() {
		return new AdjustmentMultipliers(1, 1, 1.000001, 0.999999, Integer.MAX_VALUE);
	}

	/**
	 * Remembers what was forecast for a step, to be compared with its demand when it
	 * ends.
	 */
	public synchronized void expect(long step, Map<SeriesKey, Forecast> forecasts) {
		this.expected.put(step, Map.copyOf(forecasts));
		while (this.expected.size() > REMEMBERED_STEPS) {
			this.expected.pollFirstEntry();
		}
	}

	/**
	 * What was forecast for a step, as remembered by {@link #expect} and not yet consumed
	 * by {@link #observe}: the current step's forecasts, or a closing step's just before
	 * its demand is learnt. Empty when none is remembered.
	 */
	public synchronized Map<SeriesKey, Forecast> expected(long step) {
		return this.expected.getOrDefault(step, Map.of());
	}

	/**
	 * Applies the rule for a step that has ended.
	 * @param demand offered units per series in that step; series absent offered nothing
	 */
	public synchronized void observe(long step, Map<SeriesKey, Double> demand) {
		Map<SeriesKey, Forecast> forecasts = this.expected.remove(step);
		if (forecasts == null) {
			return;
		}
		for (Map.Entry<SeriesKey, Forecast> entry : forecasts.entrySet()) {
			Forecast forecast = entry.getValue();
			if (!adjustable(forecast)) {
				continue;
			}
			double offered = demand.getOrDefault(entry.getKey(), 0.0);
			State state = this.states.computeIfAbsent(entry.getKey(), k -> new State());
			if (offered > forecast.upper()) {
				state.below = 0;
				state.bursts++;
				this.bursts++;
				if (++state.above >= this.consecutive) {
					state.multiplier = Math.min(this.max, state.multiplier * this.up);
					state.above = 0;
				}
			}
			else if (offered < forecast.lower()) {
				state.above = 0;
				if (++state.below >= this.consecutive) {
					state.multiplier = Math.max(this.min, state.multiplier * this.down);
					state.below = 0;
				}
			}
			else {
				state.above = 0;
				state.below = 0;
			}
			if (state.neutral()) {
				this.states.remove(entry.getKey());
			}
		}
		extremes();
		Iterator<Long> older = this.expected.headMap(step).keySet().iterator();
		while (older.hasNext()) {
			older.next();
			older.remove();
		}
	}

	/**
	 * The multiplier to apply to {@code forecast} of {@code series}: 1 for a declared
	 * amount.
	 */
	public double multiplier(SeriesKey series, Forecast forecast) {
		return adjustable(forecast) ? multiplier(series) : 1.0;
	}

	private static boolean adjustable(Forecast forecast) {
		return forecast.upper() > forecast.lower();
	}

	/** The series' multiplier {@code m}; 1 for a series never observed. */
	public synchronized double multiplier(SeriesKey series) {
		State state = this.states.get(series);
		return (state != null) ? state.multiplier : 1.0;
	}

	/**
	 * Burst steps of a series so far: steps whose offered demand exceeded the forecast's
	 * upper bound.
	 */
	public synchronized long bursts(SeriesKey series) {
		State state = this.states.get(series);
		return (state != null) ? state.bursts : 0;
	}

	/** Burst steps of all series so far. */
	public synchronized long bursts() {
		return this.bursts;
	}

	/** The highest multiplier of any series, 1 when none is held. */
	public synchronized double highest() {
		return this.highest;
	}

	/** The lowest multiplier of any series, 1 when none is held. */
	public synchronized double lowest() {
		return this.lowest;
	}

	/** Series whose state is held (see the class comment). */
	public synchronized int seriesHeld() {
		return this.states.size();
	}

	private void extremes() {
		double high = 1.0;
		double low = 1.0;
		for (State state : this.states.values()) {
			high = Math.max(high, state.multiplier);
			low = Math.min(low, state.multiplier);
		}
		this.highest = high;
		this.lowest = low;
	}

}
