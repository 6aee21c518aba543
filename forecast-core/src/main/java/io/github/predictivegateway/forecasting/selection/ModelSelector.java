package io.github.predictivegateway.forecasting.selection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.forecasting.SelectionScore;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.interval.PointEstimate;
import io.github.predictivegateway.forecasting.interval.RecentCalibration;
import io.github.predictivegateway.forecasting.interval.RecentErrors;
import io.github.predictivegateway.forecasting.model.AdaptiveEnsembleModel;
import io.github.predictivegateway.forecasting.model.EnsembleModel;
import io.github.predictivegateway.forecasting.model.FlatModel;
import io.github.predictivegateway.forecasting.model.HarmonicArModel;
import io.github.predictivegateway.forecasting.model.HoltWintersModel;
import io.github.predictivegateway.forecasting.model.LaggedHarmonicArModel;
import io.github.predictivegateway.forecasting.model.ModelKind;
import io.github.predictivegateway.forecasting.model.PointModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.model.SeasonalNaiveModel;
import io.github.predictivegateway.forecasting.model.SeasonalProfileModel;

/**
 * Per-series training: fits every candidate on the most recent data and serves a
 * combination of them that follows the data.
 *
 * <p>
 * With training end {@code n} and season {@code s}: every candidate (seasonal naive,
 * always; Holt-Winters, harmonic regression with AR errors and the daily-weekly seasonal
 * profile model from two days; the lagged regressor model with a leader) is fit on the
 * {@code fitWindowDays} before {@code n}. The served model is their
 * {@link AdaptiveEnsembleModel}: at every origin, also between retrainings, the members'
 * errors over the {@code combinationWindowDays} before it set their weights, so seasonal
 * naive takes over when the fitted models go wrong and the best fitted model when they do
 * not. Its interval is calibrated at every origin from its own errors over the
 * {@code calibrationWindowDays} before it, the newest weighing most
 * ({@link RecentCalibration}). The score it carries is held out ({@link HeldOutScore}):
 * the interval at each of the last origins set from the errors before it only; when it
 * missed more often than the level allows, the tails of the next intervals are read
 * further out ({@link RecentCalibration#tailScale()}). Nothing at or after {@code n} is
 * read.
 *
 * <p>
 * The equal-weight ensemble of Holt-Winters and the harmonic model is a member too: where
 * the two are alike good, averaging them beats either, and the combination can only pick
 * what is among its members. Every candidate is also returned, when the options ask for
 * every candidate, with a split conformal calibration from its errors over the last
 * {@code validationDays}: that is how a backtest shows what each alone would have done.
 *
 * <p>
 * With less than {@code minHistoryDays} of history: seasonal naive when there is at least
 * a day and an hour, a flat recent level otherwise, each calibrated at forecast time on
 * whatever recent errors the history allows.
 */
public final class ModelSelector {

	/**
	 * Log-scale half width used when a short history offers no errors at all to calibrate
	 * from.
	 */
	private static final double UNCALIBRATED_HALF_WIDTH = 1.5;

	private static final int FLAT_WINDOW = 12;

	/** Fewest origins of recent errors at any step size: two weeks at an hourly step. */
	private static final int MIN_WINDOW_STEPS = 336;

	/** Fewest recent errors per horizon to calibrate from at forecast time. */
	private static final int MIN_SAMPLES = 24;

	/** Origins of the held-out score. */
	private static final int HELD_OUT_ORIGINS = 48;

	private final TrainingOptions options;

	public ModelSelector(TrainingOptions options) {
		this.options = options;
	}

	/**
	 * Trains on {@code z[0..end)} of {@code series}.
	 * @param leaderName name of the leading series carried by {@code series}, or null
	 * @param leaderLag steps it leads by (ignored without a leader)
	 */
	public SelectionResult select(String seriesName, ScaledSeries series, int end, String leaderName, int leaderLag) {
		int season = series.season();
		int horizon = options.horizon();
		if (end < options.minHistoryDays() * season || end < season + 2 * horizon) {
			return shortHistory(seriesName, series, end);
		}
		int fitFrom = Math.max(0, end - options.fitWindowDays() * season);
		List<CandidateSpec> specs = candidates(series, end - fitFrom, leaderName != null, leaderLag);
		Map<String, PointModel> fitted = new LinkedHashMap<>();
		Map<String, Double> fitMillis = new LinkedHashMap<>();
		for (CandidateSpec spec : specs) {
			long t0 = System.nanoTime();
			fitted.put(spec.name(), fit(spec, fitted, series, fitFrom, end));
			fitMillis.put(spec.name(), (System.nanoTime() - t0) / 1e6);
		}
		List<PointModel> members = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (CandidateSpec spec : specs) {
			members.add(fitted.get(spec.name()));
			names.add(spec.name());
		}
		long t0 = System.nanoTime();
		AdaptiveEnsembleModel adaptive = new AdaptiveEnsembleModel(members,
				windowSteps(options.combinationWindowDays(), season), options.combinationMargin(), 0);
		RecentCalibration recent = recentCalibration(season);
		double scale = inSampleScale(series, fitFrom, end, season);
		String name = ModelKind.ADAPTIVE_ENSEMBLE.id() + "(" + String.join("+", names) + ")";
		boolean usesLeader = leaderName != null && names.contains(ModelKind.LAGGED_HARMONIC_AR.id());
		TrainedModel draft = trained(seriesName, name, adaptive, fallback(series, end), SelectionScore.none(), "",
				usesLeader ? leaderName : null, usesLeader ? leaderLag : 0, series, end, recent);
		HeldOutScore.HeldOut heldOut = HeldOutScore.of(draft, series, end, horizon, HELD_OUT_ORIGINS, scale);
		SelectionScore score = heldOut.score();
		ConformalCalibration trainedCal = calibrationAt(draft, series, end);
		recent = recent.withTailScale(tailScale(heldOut, options.level()));
		String reason = "members weighted by their errors over the last "
				+ windowSteps(options.combinationWindowDays(), season) + " steps at each origin; held-out "
				+ String.format(java.util.Locale.ROOT, "MASE %.3f, coverage %.3f", score.mase(), score.coverage());
		TrainedModel served = trained(seriesName, name, adaptive, trainedCal, score, reason,
				usesLeader ? leaderName : null, usesLeader ? leaderLag : 0, series, end, recent);
		fitMillis.put(name, (System.nanoTime() - t0) / 1e6);
		List<TrainedModel> out = new ArrayList<>();
		out.add(served);
		if (options.refitAllCandidates()) {
			for (CandidateSpec spec : specs) {
				out.add(candidate(seriesName, spec, fitted.get(spec.name()), series, end, scale, leaderName,
						leaderLag));
			}
		}
		return new SelectionResult(served, out, fitMillis);
	}

	/**
	 * {@code clamp(a / (2 m), 0.5, 1)}: {@code a} the nominal miss rate of the interval,
	 * {@code m} the held-out miss rate of its worse side, so that a bound exceeded more
	 * often than its own share {@code a / 2} widens the tails even when the other side is
	 * seldom reached (see {@link RecentCalibration#tailScale()}).
	 */
	static double tailScale(HeldOutScore.HeldOut heldOut, double level) {
		if (heldOut.score().points() == 0 || Double.isNaN(heldOut.worseSide())) {
			return 1.0;
		}
		double missed = heldOut.worseSide();
		double nominal = (1 - level) / 2;
		return missed <= nominal ? 1.0 : Math.max(0.5, nominal / missed);
	}

	private int windowSteps(double days, int season) {
		return Math.max(MIN_WINDOW_STEPS, (int) Math.round(days * season));
	}

	private RecentCalibration recentCalibration(int season) {
		return new RecentCalibration(windowSteps(options.calibrationWindowDays(), season),
				options.calibrationHalfLifeDays() * season, MIN_SAMPLES, options.boundCapRange());
	}

	private TrainedModel trained(String seriesName, String name, PointModel m, ConformalCalibration cal,
			SelectionScore score, String reason, String leader, int lag, ScaledSeries s, int end,
			RecentCalibration recent) {
		return new TrainedModel(seriesName, name, m, cal, score, reason, leader, lag, s.epochSecondOf(end),
				s.stepSeconds(), Instant.now(options.clock()), recent);
	}

	/**
	 * The recent calibration as it stands at the training end, kept as the fallback for
	 * forecasts from a history too short to calibrate from.
	 */
	private ConformalCalibration calibrationAt(TrainedModel m, ScaledSeries s, int end) {
		RecentCalibration r = m.recent();
		int horizon = options.horizon();
		int first = Math.max(m.model().firstOrigin(), end - r.window() - horizon);
		if (end - horizon < first + MIN_SAMPLES) {
			return m.calibration();
		}
		double[][] rows = m.model().forecastEach(s, first, end, horizon);
		RecentErrors e = RecentErrors.of(rows, first, end, horizon, r.halfLife(), MIN_SAMPLES, s::z);
		return e == null ? m.calibration() : e.calibration(s.scale(), options.level(), PointEstimate.MEDIAN);
	}

	/** A wide calibration for a model whose recent calibration is computed later. */
	private ConformalCalibration fallback(ScaledSeries s, int end) {
		int horizon = options.horizon();
		double[] zero = new double[horizon];
		double[] lo = new double[horizon];
		double[] hi = new double[horizon];
		java.util.Arrays.fill(lo, -UNCALIBRATED_HALF_WIDTH);
		java.util.Arrays.fill(hi, UNCALIBRATED_HALF_WIDTH);
		return new ConformalCalibration(s.scale(), options.level(), zero, lo, hi, 0);
	}

	/**
	 * A single candidate as served alone: split conformal on its errors over the last
	 * {@code validationDays}, scored on them.
	 */
	private TrainedModel candidate(String seriesName, CandidateSpec spec, PointModel m, ScaledSeries s, int end,
			double scale, String leaderName, int leaderLag) {
		int horizon = options.horizon();
		int season = s.season();
		int from = Math.max(m.firstOrigin(), end - options.validationDays() * season);
		int origins = end - horizon - from + 1;
		ConformalCalibration cal = fallback(s, end);
		SelectionScore score = SelectionScore.none();
		if (origins >= 1) {
			double[][] f = m.forecastEach(s, from, from + origins, horizon);
			double[][] errors = new double[origins][horizon];
			double ae = 0;
			for (int i = 0; i < origins; i++) {
				for (int h = 0; h < horizon; h++) {
					errors[i][h] = s.z(from + i + h) - f[i][h];
				}
			}
			cal = ConformalCalibration.fromErrors(s.scale(), errors, horizon, options.level(), options.pointEstimate());
			for (int i = 0; i < origins; i++) {
				for (int h = 0; h < horizon; h++) {
					ae += Math.abs(s.y(from + i + h) - cal.apply(f[i][h], h + 1)[0]);
				}
			}
			int n = origins * horizon;
			score = new SelectionScore(scale > 0 ? ae / n / scale : Double.NaN, Double.NaN, n);
		}
		boolean usesLeader = spec.name().contains(ModelKind.LAGGED_HARMONIC_AR.id());
		return new TrainedModel(seriesName, spec.name(), m, cal, score, "candidate (not served)",
				usesLeader ? leaderName : null, usesLeader ? leaderLag : 0, s.epochSecondOf(end), s.stepSeconds(),
				Instant.now(options.clock()));
	}

	private List<CandidateSpec> candidates(ScaledSeries series, int fitLength, boolean leader, int lag) {
		int season = series.season();
		int kd = Math.min(options.dailyHarmonics(), Math.max(0, season / 2 - 1));
		int kw = fitLength >= 14 * season ? options.weeklyHarmonics() : 0;
		int p = options.arOrder();
		List<CandidateSpec> specs = new ArrayList<>();
		specs
			.add(CandidateSpec.single(ModelKind.SEASONAL_NAIVE.id(), (s, from, end) -> new SeasonalNaiveModel(season)));
		boolean hw = fitLength >= 2 * season;
		if (hw) {
			specs.add(CandidateSpec.single(ModelKind.HOLT_WINTERS.id(), HoltWintersModel::fit));
		}
		specs.add(CandidateSpec.single(ModelKind.HARMONIC_AR.id(),
				(s, from, end) -> HarmonicArModel.fit(s, from, end, kd, kw, p)));
		if (hw) {
			int horizon = options.horizon();
			specs.add(CandidateSpec.single(ModelKind.SEASONAL_PROFILE.id(),
					(s, from, end) -> SeasonalProfileModel.fit(s, from, end, horizon)));
		}
		if (hw) {
			specs.add(CandidateSpec.ensemble(List.of(ModelKind.HOLT_WINTERS.id(), ModelKind.HARMONIC_AR.id())));
		}
		if (leader) {
			specs.add(CandidateSpec.single(ModelKind.LAGGED_HARMONIC_AR.id(),
					(s, from, end) -> LaggedHarmonicArModel.fit(s, from, end, kd, kw, p, lag)));
			if (hw) {
				specs.add(CandidateSpec
					.ensemble(List.of(ModelKind.HOLT_WINTERS.id(), ModelKind.LAGGED_HARMONIC_AR.id())));
			}
		}
		return specs;
	}

	private static PointModel fit(CandidateSpec spec, Map<String, PointModel> fitted, ScaledSeries series, int from,
			int end) {
		if (spec.isEnsemble()) {
			return new EnsembleModel(spec.members().stream().map(fitted::get).toList());
		}
		return spec.fitter().fit(series, from, end);
	}

	private static double inSampleScale(ScaledSeries s, int from, int end, int season) {
		double sum = 0;
		int n = 0;
		for (int t = Math.max(from + season, season); t < end; t++) {
			sum += Math.abs(s.y(t) - s.y(t - season));
			n++;
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	private SelectionResult shortHistory(String seriesName, ScaledSeries s, int end) {
		int season = s.season();
		int horizon = options.horizon();
		boolean seasonal = end >= season + horizon;
		PointModel m = seasonal ? new SeasonalNaiveModel(season) : new FlatModel(FLAT_WINDOW);
		int first = seasonal ? season : 1;
		int origins = end - horizon - first + 1;
		ConformalCalibration cal;
		if (origins >= 1) {
			double[][] f = m.forecastEach(s, first, first + origins, horizon);
			double[][] errors = new double[origins][horizon];
			for (int i = 0; i < origins; i++) {
				for (int h = 0; h < horizon; h++) {
					errors[i][h] = s.z(first + i + h) - f[i][h];
				}
			}
			cal = ConformalCalibration.fromErrors(s.scale(), errors, horizon, options.level(), options.pointEstimate());
		}
		else {
			double[] zero = new double[horizon];
			double[] lo = new double[horizon];
			double[] hi = new double[horizon];
			java.util.Arrays.fill(lo, -UNCALIBRATED_HALF_WIDTH);
			java.util.Arrays.fill(hi, UNCALIBRATED_HALF_WIDTH);
			cal = new ConformalCalibration(s.scale(), options.level(), zero, lo, hi, 0);
		}
		String days = String.format(java.util.Locale.ROOT, "%.2f", (double) end / season);
		String reason = "only " + days + " days of history (< " + options.minHistoryDays() + "): "
				+ (seasonal ? "seasonal naive" : "flat recent level") + " with " + (origins >= 1
						? "intervals from its own " + origins + " past errors" : "an uncalibrated wide interval");
		TrainedModel t = trained(seriesName, m.kind().id(), m, cal, SelectionScore.none(), reason, null, 0, s, end,
				recentCalibration(season));
		return new SelectionResult(t, List.of(t), Map.of());
	}

}
