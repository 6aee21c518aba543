package io.github.predictivegateway.bench;

import java.util.Arrays;

import io.github.predictivegateway.bench.flood.FloodCommand;
import io.github.predictivegateway.bench.replay.ReplayCommand;

/**
 * The bench jar's entry point: {@code replay ...} runs the trace replay simulator
 * ({@link ReplayCommand}), {@code flood ...} the heap report of a tenant-id flood
 * ({@link FloodCommand}), {@code forecast-history ...} how much recent usage a forecast
 * needs ({@link ForecastHistoryCommand}); anything else goes to JMH's own
 * {@code org.openjdk.jmh.Main}, so the jar runs the benchmarks exactly as JMH's usual
 * {@code benchmarks.jar} does.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "replay".equals(args[0])) {
			System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
		}
		if (args.length > 0 && "forecast-history".equals(args[0])) {
			System.exit(ForecastHistoryCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
		}
		if (args.length > 0 && "flood".equals(args[0])) {
			System.exit(FloodCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
		}
		org.openjdk.jmh.Main.main(args);
	}

}
