package io.github.predictivegateway.bench.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.series.CsvSeriesReader;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.InStepAdjustment;

/**
 * The trace replay simulator ({@code java -jar bench.jar replay ...}): replays a
 * multi-tenant trace through the real admission engine in virtual time and compares, on
 * the same seeded arrivals, the token bucket at every burst size of the sweep, a reactive
 * limiter and the predictive strategy (EVALUATION.md, "Admission replay protocol").
 *
 * <p>
 * With {@code --noisy-tenant}, every strategy runs a second time with that tenant's
 * demand multiplied by {@code --noisy-factor} in every scored step. The flood is
 * unforecast: the models are trained on the tenant's ordinary demand, as they would be
 * before a flood begins; the strategies' limits (the reactive moving average, the
 * predictive strategy's adjustment multiplier) see the flood as it comes.
 */
public final class ReplayCommand {

	private ReplayCommand() {
	}

	/** Runs the command; returns the process exit code. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		ReplayOptions options;
		try {
			options = ReplayOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("replay: " + ex.getMessage());
			err.println(ReplayOptions.USAGE);
			return 2;
		}
		try {
			Trace trace = load(options);
			ReplayResult result = simulate(options, trace, out);
			ReplayReport.print(result, out);
			if (options.json() != null) {
				Files.writeString(options.json(), ReplayReport.json(result), StandardCharsets.UTF_8);
				out.println("JSON report: " + options.json());
			}
			if (options.html() != null) {
				Files.writeString(options.html(), ReplayHtml.page(result), StandardCharsets.UTF_8);
				out.println("HTML report: " + options.html());
			}
			return 0;
		}
		catch (IOException | IllegalArgumentException ex) {
			err.println("replay: " + ex.getMessage());
			return 1;
		}
		catch (Exception ex) {
			err.println("replay failed: " + ex);
			return 1;
		}
	}

	static Trace load(ReplayOptions options) throws IOException {
		CsvSeriesReader reader = new CsvSeriesReader(options.stepSeconds());
		List<SeriesHistory> series = new ArrayList<>();
		for (Path file : options.files()) {
			series.addAll(reader.read(file));
		}
		return Trace.of(series);
	}

	/**
	 * Runs every strategy on {@code trace} (and on its flooded copy when a noisy tenant
	 * is named).
	 * @param log where progress and timings go (not part of the report)
	 */
	static ReplayResult simulate(ReplayOptions options, Trace trace, PrintStream log) throws Exception {
		int season = Math.max(1, 86_400 / trace.stepSeconds());
		int warmupSteps = options.warmupDays() * season;
		if (warmupSteps >= trace.length()) {
			throw new IllegalArgumentException("the trace has " + trace.length() + " steps, not more than the "
					+ warmupSteps + " of " + options.warmupDays() + " warm-up days");
		}
		ReplayPlans plans = ReplayPlans.fromWarmup(trace, warmupSteps, options.capacityShare());
		long trainingStart = System.nanoTime();
		StepForecasts modelled = options.noForecast() ? null
				: options.oracle() ? StepForecasts.oracle(trace, warmupSteps) : StepForecasts.walkForward(trace,
						warmupSteps, TrainingOptions.defaults(), options.threads(), options.reservationQuantile());
		double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
		if (modelled != null && !options.oracle()) {
			log.printf(Locale.ROOT, "model training and walk-forward forecasts: %.1f s%n", trainingSeconds);
		}
		Arrivals arrivals = new Arrivals(options.arrivals(), options.seed());
		double days = (trace.length() - warmupSteps) / (double) season;
		List<ReplayMetrics> base = runAll(options, trace, warmupSteps, plans, arrivals, modelled, days, log);
		List<ReplayMetrics> noisy = null;
		int noisyIndex = -1;
		if (options.noisyTenant() != null) {
			noisyIndex = trace.tenantIndex(options.noisyTenant());
			Trace flooded = trace.withFlood(noisyIndex, options.noisyFactor(), warmupSteps);
			log.printf(Locale.ROOT, "noisy neighbour: %s x %s in every scored step%n", trace.tenants().get(noisyIndex),
					ReplayReport.number(options.noisyFactor()));
			noisy = runAll(options, flooded, warmupSteps, plans, arrivals, modelled, days, log);
		}
		return new ReplayResult(options, trace, plans, warmupSteps, modelled, base, noisy, noisyIndex);
	}

	private static List<ReplayMetrics> runAll(ReplayOptions options, Trace trace, int warmupSteps, ReplayPlans plans,
			Arrivals arrivals, StepForecasts modelled, double days, PrintStream log) {
		ReplayRun run = new ReplayRun(trace, arrivals, warmupSteps, plans);
		List<ReplayMetrics> results = new ArrayList<>();
		double reservable = options.reservableFraction();
		for (double burst : options.burstSeconds()) {
			results.add(timed(log, days, () -> run.run("token-bucket/" + ReplayReport.number(burst) + "s",
					plans.capacity(), clock -> new EngineStage(trace, plans, burst, null, reservable, null, clock))));
		}
		double strategyBurst = options.strategyBurstSeconds();
		String suffix = "/" + ReplayReport.number(strategyBurst) + "s";
		results.add(timed(log, days, () -> run.run("reactive" + suffix, plans.capacity(),
				clock -> new ReactiveStage(trace, plans, strategyBurst, options.reactiveWindow(), clock))));
		ForecastSource forecasts;
		if (options.noForecast()) {
			forecasts = (stepStart, step) -> Map.of();
		}
		else if (options.oracle()) {
			forecasts = StepForecasts.oracle(trace, warmupSteps);
		}
		else {
			forecasts = modelled;
		}
		// in-step top-ups and releases as the gateway does them, the oracle's too (its
		// forecasts are capped like any other); without forecasts the strategy is the
		// plain token bucket it falls back to
		Duration inStep = (options.inStep() && !options.noForecast()) ? InStepAdjustment.DEFAULT_WINDOW : null;
		results
			.add(timed(log, days, () -> run.run("predictive" + suffix, plans.capacity(), clock -> new EngineStage(trace,
					plans, strategyBurst, forecasts, reservable, adjustment(options), inStep, clock))));
		return results;
	}

	/** A new set of multipliers for one run, with the gateway's default rule, or none. */
	static AdjustmentMultipliers adjustment(ReplayOptions options) {
		return options.adjustment() ? new AdjustmentMultipliers(0.5, 3.0, 1.25, 0.8, 3) : AdjustmentMultipliers.none();
	}

	private static ReplayMetrics timed(PrintStream log, double days, Supplier<ReplayMetrics> run) {
		long start = System.nanoTime();
		ReplayMetrics metrics = run.get();
		double seconds = (System.nanoTime() - start) / 1e9;
		log.printf(Locale.ROOT, "replayed %-20s %.2f days in %.2f s (%.3f s per day)%n", metrics.strategy, days,
				seconds, seconds / days);
		return metrics;
	}

	/** Everything a report needs. */
	record ReplayResult(ReplayOptions options, Trace trace, ReplayPlans plans, int warmupSteps, StepForecasts forecasts,
			List<ReplayMetrics> base, List<ReplayMetrics> noisy, int noisyIndex) {
	}

}
