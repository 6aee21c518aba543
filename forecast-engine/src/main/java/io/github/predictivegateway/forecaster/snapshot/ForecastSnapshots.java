package io.github.predictivegateway.forecaster.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.LiveModel;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.training.SeriesHistories;
import io.github.predictivegateway.forecasting.Forecast;
import io.github.predictivegateway.forecasting.ServingState;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.ForecastSnapshotCodec;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Builds the forecast snapshot: every live model applied to its series' latest usage,
 * forecasting the current step and the ones after it. The snapshot is computed once per
 * change of step, live models or usage. Over HTTP it is served as ready-made bytes with a
 * strong {@code ETag} (a hash of those bytes), so a gateway polling with
 * {@code If-None-Match} costs a comparison; in the gateway's own process (the embedded
 * forecaster) the snapshot object is handed over as it is and never written as JSON.
 *
 * <p>
 * Each point carries the quantiles at {@link #QUANTILES} beside its central interval.
 * What a model learns from the data before the origin (an adaptive combination's weights,
 * its recent errors, the interval they give) is prepared once per series every
 * {@link #REFRESH_STEPS} steps and reused in between ({@link ServingState}): the point
 * forecasts follow every step, the weights and the interval every hour at 5-minute steps.
 *
 * <p>
 * Each build notes the one-step-ahead forecasts it serves in a {@link LiveModelAccuracy},
 * so that {@link #accuracy(SeriesKey)} can tell how they did once their steps closed.
 */
public final class ForecastSnapshots {

	private static final Log logger = LogFactory.getLog(ForecastSnapshots.class);

	/**
	 * The quantile levels every point carries; a gateway reserving at another level
	 * interpolates between them.
	 */
	public static final double[] QUANTILES = { 0.5, 0.9, 0.95, 0.975, 0.99 };

	/**
	 * Steps a series' serving state is reused before it is prepared again from the latest
	 * data.
	 */
	public static final int REFRESH_STEPS = 12;

	private final Map<SeriesKey, Prepared> prepared = new java.util.concurrent.ConcurrentHashMap<>();

	private final UsageHistory history;

	private final ModelLoader loader;

	private final Clock clock;

	private final int horizon;

	private final int recentSteps;

	private final LiveModelAccuracy accuracy;

	private @Nullable Built current;

	public ForecastSnapshots(UsageHistory history, ModelLoader loader, Clock clock, int horizon, int recentSteps) {
		this.history = history;
		this.loader = loader;
		this.clock = clock;
		this.horizon = horizon;
		this.recentSteps = recentSteps;
		this.accuracy = new LiveModelAccuracy((int) Math.max(1, 86_400 / history.stepSeconds()));
	}

	/**
	 * A snapshot as built, for one step, live-model generation and usage generation. Its
	 * JSON body and entity tag are written on first use, once.
	 */
	public static final class Built {

		private final long step;

		private final long modelGeneration;

		private final long usageGeneration;

		private final ForecastSnapshot snapshot;

		private byte @Nullable [] body;

		private @Nullable String etag;

		Built(long step, long modelGeneration, long usageGeneration, ForecastSnapshot snapshot) {
			this.step = step;
			this.modelGeneration = modelGeneration;
			this.usageGeneration = usageGeneration;
			this.snapshot = snapshot;
		}

		public ForecastSnapshot snapshot() {
			return this.snapshot;
		}

		/** The snapshot as JSON ({@link ForecastSnapshotCodec}). */
		public synchronized byte[] body() {
			byte[] written = this.body;
			if (written == null) {
				written = ForecastSnapshotCodec.write(this.snapshot);
				this.body = written;
			}
			return written;
		}

		/** The strong entity tag of {@link #body()}: a hash of its bytes. */
		public synchronized String etag() {
			String tag = this.etag;
			if (tag == null) {
				tag = ForecastSnapshots.etag(body());
				this.etag = tag;
			}
			return tag;
		}

		public int seriesCount() {
			return this.snapshot.series().size();
		}

		boolean isFor(long step, long modelGeneration, long usageGeneration) {
			return this.step == step && this.modelGeneration == modelGeneration
					&& this.usageGeneration == usageGeneration;
		}

	}

	public synchronized Built current() {
		long step = Math.floorDiv(this.clock.instant().getEpochSecond(), this.history.stepSeconds());
		long models = this.loader.generation();
		long usage = this.history.generation();
		Built built = this.current;
		if (built == null || !built.isFor(step, models, usage)) {
			built = new Built(step, models, usage, build(step));
			this.current = built;
		}
		return built;
	}

	private ForecastSnapshot build(long step) {
		Map<SeriesKey, LiveModel> live = new TreeMap<>(this.loader.all());
		Map<String, SeriesKey> byLabel = new TreeMap<>();
		for (SeriesKey id : this.history.series()) {
			byLabel.put(id.label(), id);
		}
		// each series is independent: forecast them on all cores, keep the series order
		List<ForecastSnapshot.SeriesForecast> series = new ArrayList<>(live.values()).parallelStream().map(model -> {
			try {
				return forecast(model, step, byLabel);
			}
			catch (RuntimeException ex) {
				logger.warn("No forecast for " + model.series().label() + ": " + ex.getMessage());
				return null;
			}
		}).filter(java.util.Objects::nonNull).toList();
		return new ForecastSnapshot(this.clock.instant(), Duration.ofSeconds(this.history.stepSeconds()).toString(),
				series);
	}

	private ForecastSnapshot.SeriesForecast forecast(LiveModel live, long step, Map<String, SeriesKey> byLabel) {
		TrainedModel model = live.model();
		SeriesHistory recent = SeriesHistories.of(this.history, live.series(), step, this.recentSteps);
		@Nullable SeriesHistory leader = null;
		if (model.leader() != null) {
			SeriesKey leaderId = byLabel.get(model.leader());
			if (leaderId == null) {
				throw new IllegalStateException("its leading series " + model.leader() + " has no usage");
			}
			leader = SeriesHistories.of(this.history, leaderId, step, this.recentSteps);
		}
		Forecast forecast = model.forecast(recent, leader, this.horizon, QUANTILES, state(live, step, recent, leader));
		double[][] quantiles = forecast.quantiles();
		double[] mean = forecast.mean();
		double[] lower = forecast.lower();
		double[] upper = forecast.upper();
		int next = Math.min(1, this.horizon - 1);
		this.accuracy.issued(live.series(),
				Math.floorDiv(forecast.firstStepEpochSecond(), forecast.stepSeconds()) + next, mean[next], lower[next],
				upper[next]);
		List<ForecastSnapshot.Point> points = new ArrayList<>(this.horizon);
		for (int h = 0; h < this.horizon; h++) {
			Instant start = Instant.ofEpochSecond(forecast.firstStepEpochSecond() + (long) h * forecast.stepSeconds());
			SortedMap<Double, Double> byLevel = new TreeMap<>();
			for (int i = 0; i < QUANTILES.length; i++) {
				byLevel.put(QUANTILES[i], round(quantiles[i][h]));
			}
			points.add(new ForecastSnapshot.Point(start, round(mean[h]), round(lower[h]), round(upper[h]), byLevel));
		}
		return new ForecastSnapshot.SeriesForecast(live.series().tenant(), live.series().resource(), model.name(),
				live.version(), points);
	}

	/**
	 * The series' serving state (its members' weights, recent errors and cap), prepared
	 * again when its model version changes or it is {@link #REFRESH_STEPS} steps old. A
	 * series first seen is given an age from its name, so that the series of one
	 * retraining are prepared again on different steps, a twelfth of them per step.
	 */
	private ServingState state(LiveModel live, long step, SeriesHistory recent, @Nullable SeriesHistory leader) {
		Prepared held = this.prepared.get(live.series());
		if (held != null && held.version() == live.version() && step - held.step() < REFRESH_STEPS
				&& step >= held.step()) {
			return held.state();
		}
		ServingState state = live.model().prepare(recent, leader, this.horizon);
		long age = (held == null) ? Math.floorMod(live.series().label().hashCode(), REFRESH_STEPS) : 0;
		this.prepared.put(live.series(), new Prepared(live.version(), step - age, state));
		return state;
	}

	private record Prepared(int version, long step, ServingState state) {
	}

	/**
	 * The rolling accuracy of the forecasts served for {@code series} over the last day
	 * of closed steps (see {@link LiveModelAccuracy}): the one-step-ahead forecast of
	 * each step against its demand.
	 */
	public LiveModelAccuracy.Accuracy accuracy(SeriesKey series) {
		long step = Math.floorDiv(this.clock.instant().getEpochSecond(), this.history.stepSeconds());
		return this.accuracy.accuracy(series, SeriesHistories.of(this.history, series, step, this.recentSteps), step);
	}

	/**
	 * Units per step to a thousandth: finer than any limit can use, and a third of the
	 * JSON.
	 */
	private static double round(double units) {
		return Math.round(units * 1000) / 1000.0;
	}

	private static String etag(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
