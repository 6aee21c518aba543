package io.github.predictivegateway.bench.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.model.ScaledSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * One forecast per tenant per scored step, as the predictive strategy's
 * {@link ForecastSource} serves them.
 *
 * <ul>
 * <li>{@link #walkForward}: forecast-core's real models, walk-forward. At the start of
 * every day of the scored region (days counted from the trace's first step) each tenant's
 * model is retrained with {@link ForecastTrainer#train} on every step before that day;
 * each step {@code s} of the day is then forecast one step ahead by that model from the
 * week of data before {@code s} ({@link TrainedModel#forecast}). Nothing at or after
 * {@code s} is read.</li>
 * <li>{@link #oracle}: the actual count of each step, as an exact forecast
 * ({@code mean = lower = upper}).</li>
 * </ul>
 * Values are clamped to {@code 0 ≤ lower ≤ mean ≤ upper} where a model's calibration
 * leaves them slightly out of order.
 */
final class StepForecasts implements ForecastSource {

	private final Trace trace;

	private final int fromStep;

	private final String[] tenants;

	private final double[][] mean;

	private final double[][] lower;

	private final double[][] upper;

	private StepForecasts(Trace trace, int fromStep, double[][] mean, double[][] lower, double[][] upper) {
		this.trace = trace;
		this.fromStep = fromStep;
		this.tenants = trace.tenants().toArray(new String[0]);
		this.mean = mean;
		this.lower = lower;
		this.upper = upper;
	}

	static StepForecasts oracle(Trace trace, int fromStep) {
		int n = trace.tenantCount();
		double[][] exact = new double[n][trace.length() - fromStep];
		for (int t = 0; t < n; t++) {
			for (int s = fromStep; s < trace.length(); s++) {
				exact[t][s - fromStep] = trace.count(t, s);
			}
		}
		return new StepForecasts(trace, fromStep, exact, exact, exact);
	}

	/**
	 * @param threads trainings run in parallel (each is a pure function of its data, so
	 * the result does not depend on the number of threads)
	 */
	static StepForecasts walkForward(Trace trace, int fromStep, TrainingOptions options, int threads) throws Exception {
		return walkForward(trace, fromStep, options, threads, 0.95);
	}

	/**
	 * @param threads trainings run in parallel (each is a pure function of its data, so
	 * the result does not depend on the number of threads)
	 * @param reservationQuantile the quantile taken as the upper bound, which is what is
	 * reserved
	 */
	static StepForecasts walkForward(Trace trace, int fromStep, TrainingOptions options, int threads,
			double reservationQuantile) throws Exception {
		int n = trace.tenantCount();
		int length = trace.length() - fromStep;
		double[][] mean = new double[n][length];
		double[][] lower = new double[n][length];
		double[][] upper = new double[n][length];
		int season = Math.max(1, 86_400 / trace.stepSeconds());
		List<SeriesHistory> histories = new ArrayList<>();
		for (int t = 0; t < n; t++) {
			histories.add(new SeriesHistory(trace.tenants().get(t), trace.startEpochSecond(), trace.stepSeconds(),
					trace.values(t)));
		}
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
		try {
			List<Future<?>> jobs = new ArrayList<>();
			for (int t = 0; t < n; t++) {
				SeriesHistory history = histories.get(t);
				int tenant = t;
				for (int day = fromStep; day < trace.length(); day = (day / season + 1) * season) {
					int dayStart = day;
					int dayEnd = Math.min(trace.length(), (day / season + 1) * season);
					jobs.add(pool.submit(() -> {
						TrainedModel model = ForecastTrainer.train(history.head(dayStart), options);
						// every step of the day in one pass, each reading only the data
						// before it
						int recentStart = Math.max(0, dayStart - 7 * season);
						ScaledSeries recent = ScaledSeries.of(history.slice(recentStart, dayEnd), null,
								model.calibration().scale());
						List<io.github.predictivegateway.forecasting.Forecast> daily = model.forecastsFrom(recent,
								dayStart - recentStart, dayEnd - recentStart, 1, 1,
								new double[] { reservationQuantile });
						for (int s = dayStart; s < dayEnd; s++) {
							io.github.predictivegateway.forecasting.Forecast f = daily.get(s - dayStart);
							int i = s - fromStep;
							double m = Math.max(0, f.mean()[0]);
							mean[tenant][i] = m;
							lower[tenant][i] = Math.min(Math.max(0, f.lower()[0]), m);
							upper[tenant][i] = Math.max(f.quantile(reservationQuantile)[0], m);
						}
						return null;
					}));
				}
			}
			for (Future<?> job : jobs) {
				job.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		return new StepForecasts(trace, fromStep, mean, lower, upper);
	}

	@Override
	public Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step) {
		long offset = stepStart.getEpochSecond() - this.trace.startEpochSecond();
		int s = (int) (offset / this.trace.stepSeconds());
		int i = s - this.fromStep;
		Map<SeriesKey, Forecast> forecasts = new HashMap<>();
		if (i < 0 || i >= this.mean[0].length) {
			return forecasts;
		}
		for (int t = 0; t < this.tenants.length; t++) {
			forecasts.put(new SeriesKey(this.tenants[t], EngineStage.RESOURCE),
					new Forecast(this.mean[t][i], this.lower[t][i], this.upper[t][i]));
		}
		return forecasts;
	}

	double upper(int tenant, int step) {
		return this.upper[tenant][step - this.fromStep];
	}

	double lower(int tenant, int step) {
		return this.lower[tenant][step - this.fromStep];
	}

	double mean(int tenant, int step) {
		return this.mean[tenant][step - this.fromStep];
	}

}
