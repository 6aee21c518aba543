package io.github.predictivegateway.bench.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replay command's options, validated where they are parsed.
 *
 * @param stepSeconds resampling step
 * @param warmupDays days at the start that set plans and capacity and train the first
 * models; not scored
 * @param seed seed of the arrivals
 * @param arrivals how a step's count is spread over the step
 * @param capacityShare global capacity as a share of the sum of the tenants' warm-up
 * peaks
 * @param burstSeconds the token-bucket sweep: standard bucket capacities, in seconds of
 * each tenant's rate
 * @param strategyBurstSeconds the burst of the reactive and predictive strategies'
 * standard buckets
 * @param reservableFraction share of capacity the ledger may reserve per step
 * @param reactiveWindow steps of the reactive strategy's moving average
 * @param noisyTenant the tenant that floods in the noisy-neighbour run, or null for no
 * such run
 * @param noisyFactor its demand's multiplier in every scored step
 * @param oracle forecasts replaced by the actual demand
 * @param noForecast forecasts off (no step gets a pre-allocation)
 * @param inStep whether the predictive strategy's grants are adjusted within their step
 * (top-ups and early releases, as the gateway's {@code predictive.in-step-window}, 5 s)
 * @param adjustment whether the predictive strategy's adjustment multiplier moves (the
 * gateway's defaults: {@code m ∈ [0.5, 3]}, × 1.25 after 3 steps in a row above the upper
 * bound, × 0.8 after 3 below the lower one)
 * @param threads threads that train models
 * @param reservationQuantile quantile of the forecast reserved each step (the gateway's
 * {@code predictive.forecast.reservation-quantile})
 * @param json where to write the JSON report, or null
 * @param html where to write the HTML report (one self-contained page of charts), or null
 * @param files the trace: CSV files, each series a tenant
 */
record ReplayOptions(int stepSeconds, int warmupDays, long seed, Arrivals.Mode arrivals, double capacityShare,
		List<Double> burstSeconds, double strategyBurstSeconds, double reservableFraction, int reactiveWindow,
		String noisyTenant, double noisyFactor, boolean oracle, boolean noForecast, boolean inStep, boolean adjustment,
		int threads, double reservationQuantile, Path json, Path html, List<Path> files) {

	static final String USAGE = """
			usage: replay [--step 300] [--warmup-days 7] [--seed 1] [--arrivals poisson|uniform]
			              [--capacity-share 0.8] [--burst-seconds 1,10,60,300] [--strategy-burst-seconds B]
			              [--reservable-fraction 0.8] [--reactive-window 3]
			              [--noisy-tenant NAME --noisy-factor 5] [--oracle | --no-forecast] [--no-in-step] [--no-adjustment]
			              [--threads N]
			              [--reservation-quantile 0.95] [--json report.json] [--html report.html] FILE...""";

	static ReplayOptions parse(String... args) {
		int step = 300;
		int warmup = 7;
		long seed = 1;
		Arrivals.Mode arrivals = Arrivals.Mode.POISSON;
		double share = 0.8;
		List<Double> bursts = List.of(1.0, 10.0, 60.0, 300.0);
		Double strategyBurst = null;
		double reservable = 0.8;
		int window = 3;
		String noisy = null;
		double factor = 5;
		boolean oracle = false;
		boolean noForecast = false;
		boolean inStep = true;
		boolean adjustment = true;
		int threads = Runtime.getRuntime().availableProcessors();
		double quantile = 0.95;
		Path json = null;
		Path html = null;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				files.add(Path.of(arg));
				continue;
			}
			if (arg.equals("--oracle")) {
				oracle = true;
				continue;
			}
			if (arg.equals("--no-forecast")) {
				noForecast = true;
				continue;
			}
			if (arg.equals("--no-in-step")) {
				inStep = false;
				continue;
			}
			if (arg.equals("--no-adjustment")) {
				adjustment = false;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(arg + " needs a value");
			}
			String value = args[++i];
			switch (arg) {
				case "--step" -> step = atLeast(arg, Integer.parseInt(value), 1);
				case "--warmup-days" -> warmup = atLeast(arg, Integer.parseInt(value), 1);
				case "--seed" -> seed = Long.parseLong(value);
				case "--arrivals" -> arrivals = Arrivals.Mode.valueOf(value.toUpperCase(Locale.ROOT));
				case "--capacity-share" -> share = within(arg, Double.parseDouble(value), 1e-9, 1e9);
				case "--burst-seconds" -> bursts = seconds(arg, value);
				case "--strategy-burst-seconds" -> strategyBurst = within(arg, Double.parseDouble(value), 1, 1e9);
				case "--reservable-fraction" -> reservable = within(arg, Double.parseDouble(value), 0, 1);
				case "--reactive-window" -> window = atLeast(arg, Integer.parseInt(value), 1);
				case "--noisy-tenant" -> noisy = value;
				case "--noisy-factor" -> factor = within(arg, Double.parseDouble(value), 0, 1e6);
				case "--threads" -> threads = atLeast(arg, Integer.parseInt(value), 1);
				case "--reservation-quantile" -> quantile = within(arg, Double.parseDouble(value), 0.500001, 0.999999);
				case "--json" -> json = Path.of(value);
				case "--html" -> html = Path.of(value);
				default -> throw new IllegalArgumentException("unknown option " + arg);
			}
		}
		if (files.isEmpty()) {
			throw new IllegalArgumentException("no trace files given");
		}
		if (oracle && noForecast) {
			throw new IllegalArgumentException("--oracle and --no-forecast exclude each other");
		}
		return new ReplayOptions(step, warmup, seed, arrivals, share, bursts,
				(strategyBurst != null) ? strategyBurst : bursts.get(0), reservable, window, noisy, factor, oracle,
				noForecast, inStep, adjustment, threads, quantile, json, html, List.copyOf(files));
	}

	private static List<Double> seconds(String option, String value) {
		List<Double> list = new ArrayList<>();
		for (String part : value.split(",")) {
			list.add(within(option, Double.parseDouble(part.strip()), 1, 1e9));
		}
		if (list.isEmpty()) {
			throw new IllegalArgumentException(option + " needs at least one value");
		}
		return List.copyOf(list);
	}

	private static int atLeast(String option, int value, int min) {
		if (value < min) {
			throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
		}
		return value;
	}

	private static double within(String option, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw new IllegalArgumentException(option + " must be within [" + min + ", " + max + "], got " + value);
		}
		return value;
	}

}
