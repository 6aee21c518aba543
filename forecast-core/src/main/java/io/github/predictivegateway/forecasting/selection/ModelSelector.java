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
import io.github.predictivegateway.forecasting.model.EnsembleModel;
import io.github.predictivegateway.forecasting.model.FlatModel;
import io.github.predictivegateway.forecasting.model.HarmonicArModel;
import io.github.predictivegateway.forecasting.model.HoltWintersModel;
import io.github.predictivegateway.forecasting.model.LaggedHarmonicArModel;
import io.github.predictivegateway.forecasting.model.ModelKind;
import io.github.predictivegateway.forecasting.model.PointModel;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.model.SeasonalNaiveModel;

/**
 * Per-series model selection by a rolling-origin backtest on the most recent data before
 * the training end.
 *
 * <p>
 * With training end {@code n}, season {@code s} and horizon {@code H}: the last
 * {@code V = min(validationDays s,
 * n/3)} steps are held out; every candidate is fit on the {@code fitWindowDays} before
 * them and forecasts from every origin {@code o} in {@code [n - V, n - H]} using only
 * data before {@code o}. Each candidate's log-scale errors give its conformal calibration
 * ({@link ConformalCalibration}) and its held-out mean absolute error on the original
 * scale; the lowest error wins, and the winner is refit on the last {@code fitWindowDays}
 * up to {@code n} and served with the calibration from its held-out errors. Nothing at or
 * after {@code n} is read.
 *
 * <p>
 * With less than {@code minHistoryDays} of history the selection is skipped: seasonal
 * naive when there is at least a day and an hour, a flat recent level otherwise, each
 * calibrated on whatever errors the history allows.
 */
public final class ModelSelector {

	/**
	 * Log-scale half width used when a short history offers no errors at all to calibrate
	 * from.
	 */
	private static final double UNCALIBRATED_HALF_WIDTH = 1.5;

	private static final int FLAT_WINDOW = 12;

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
		if (end < options.minHistoryDays() * season) {
			return shortHistory(seriesName, series, end);
		}
		int valLen = Math.min(options.validationDays() * season, end / 3);
		int valStart = end - valLen;
		int fitFrom = Math.max(0, valStart - options.fitWindowDays() * season);
		int origins = end - horizon - valStart + 1;
		if (origins < 1) {
			return shortHistory(seriesName, series, end);
		}
		List<CandidateSpec> specs = candidates(series, valStart - fitFrom, leaderName != null, leaderLag);
		Map<String, double[][]> forecasts = new LinkedHashMap<>();
		Map<String, Double> fitMillis = new LinkedHashMap<>();
		for (CandidateSpec spec : specs) {
			long t0 = System.nanoTime();
			double[][] f;
			if (spec.isEnsemble()) {
				f = average(spec.members().stream().map(forecasts::get).toList());
			}
			else {
				PointModel m = spec.fitter().fit(series, fitFrom, valStart);
				f = m.forecastEach(series, valStart, valStart + origins, horizon);
			}
			forecasts.put(spec.name(), f);
			fitMillis.put(spec.name(), (System.nanoTime() - t0) / 1e6);
		}
		double scale = inSampleScale(series, fitFrom, valStart, season);
		Evaluated best = null;
		List<Evaluated> all = new ArrayList<>();
		for (CandidateSpec spec : specs) {
			Evaluated e = evaluate(spec, forecasts.get(spec.name()), series, valStart, scale);
			all.add(e);
			if (best == null || e.mae < best.mae) {
				best = e;
			}
		}
		int serveFrom = Math.max(0, end - options.fitWindowDays() * season);
		Map<String, PointModel> refit = new LinkedHashMap<>();
		List<TrainedModel> out = new ArrayList<>();
		TrainedModel served = null;
		for (Evaluated e : all) {
			if (!options.refitAllCandidates() && e != best) {
				continue;
			}
			long t0 = System.nanoTime();
			PointModel m = refit(e.spec, specs, refit, series, serveFrom, end);
			fitMillis.merge(e.spec.name(), (System.nanoTime() - t0) / 1e6, Double::sum);
			String reason = e == best
					? "lowest held-out MAE of " + specs.size() + " candidates over the last " + valLen + " steps ("
							+ String.format(java.util.Locale.ROOT, "MASE %.3f", e.score.mase()) + ")"
					: "candidate (not served)";
			boolean usesLeader = e.spec.name().contains(ModelKind.LAGGED_HARMONIC_AR.id());
			TrainedModel t = new TrainedModel(seriesName, e.spec.name(), m, e.calibration, e.score, reason,
					usesLeader ? leaderName : null, usesLeader ? leaderLag : 0, series.epochSecondOf(end),
					series.stepSeconds(), Instant.now(options.clock()));
			out.add(t);
			if (e == best) {
				served = t;
			}
		}
		return new SelectionResult(served, out, fitMillis);
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

	private PointModel refit(CandidateSpec spec, List<CandidateSpec> specs, Map<String, PointModel> cache,
			ScaledSeries series, int from, int end) {
		PointModel m = cache.get(spec.name());
		if (m != null) {
			return m;
		}
		if (spec.isEnsemble()) {
			List<PointModel> members = new ArrayList<>();
			for (String name : spec.members()) {
				CandidateSpec member = specs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
				members.add(refit(member, specs, cache, series, from, end));
			}
			m = new EnsembleModel(members);
		}
		else {
			m = spec.fitter().fit(series, from, end);
		}
		cache.put(spec.name(), m);
		return m;
	}

	private Evaluated evaluate(CandidateSpec spec, double[][] f, ScaledSeries s, int valStart, double scale) {
		int horizon = options.horizon();
		double[][] errors = new double[f.length][horizon];
		for (int i = 0; i < f.length; i++) {
			for (int h = 0; h < horizon; h++) {
				errors[i][h] = s.z(valStart + i + h) - f[i][h];
			}
		}
		ConformalCalibration cal = ConformalCalibration.fromErrors(s.scale(), errors, horizon, options.level(),
				options.pointEstimate());
		double ae = 0;
		int covered = 0;
		for (int i = 0; i < f.length; i++) {
			for (int h = 0; h < horizon; h++) {
				double a = s.y(valStart + i + h);
				double[] m = cal.apply(f[i][h], h + 1);
				ae += Math.abs(a - m[0]);
				if (m[1] <= a + 1e-9 && a <= m[2] + 1e-9) {
					covered++;
				}
			}
		}
		int n = f.length * horizon;
		double mae = ae / n;
		return new Evaluated(spec, cal, mae,
				new SelectionScore(scale > 0 ? mae / scale : Double.NaN, (double) covered / n, n));
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

	private static double[][] average(List<double[][]> parts) {
		double[][] out = new double[parts.get(0).length][];
		for (int i = 0; i < out.length; i++) {
			double[] row = parts.get(0)[i].clone();
			for (int k = 1; k < parts.size(); k++) {
				double[] other = parts.get(k)[i];
				for (int h = 0; h < row.length; h++) {
					row[h] += other[h];
				}
			}
			for (int h = 0; h < row.length; h++) {
				row[h] /= parts.size();
			}
			out[i] = row;
		}
		return out;
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
		TrainedModel t = new TrainedModel(seriesName, m.kind().id(), m, cal, SelectionScore.none(), reason, null, 0,
				s.epochSecondOf(end), s.stepSeconds(), Instant.now(options.clock()));
		return new SelectionResult(t, List.of(t), Map.of());
	}

	private record Evaluated(CandidateSpec spec, ConformalCalibration calibration, double mae, SelectionScore score) {
	}

}
