package io.github.predictivegateway.sidecar;

import java.util.Arrays;

import io.github.predictivegateway.forecaster.benchmark.ForecasterBenchmark;
import io.github.predictivegateway.forecasting.backtest.BacktestCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The forecast sidecar. {@code serve} (the default) runs the service;
 * {@code backtest [--step 300] [--out rows.csv]
 * FILE...} runs the forecast backtest protocol on CSV files and prints the accuracy of
 * every model; {@code benchmark} times retraining and the forecast snapshot.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SidecarApplication {

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("backtest")) {
			System.exit(BacktestCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
		}
		if (args.length > 0 && args[0].equals("benchmark")) {
			System.exit(ForecasterBenchmark.run(Arrays.copyOfRange(args, 1, args.length), System.out));
		}
		String[] serveArgs = (args.length > 0 && args[0].equals("serve")) ? Arrays.copyOfRange(args, 1, args.length)
				: args;
		SpringApplication.run(SidecarApplication.class, serveArgs);
	}

}
