package io.github.predictivegateway.bench.replay;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.bench.replay.ReplayCommand.ReplayResult;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTests {

	@Test
	void sameSeedAndTraceGiveTheSameJsonByteForByte() throws Exception {
		Trace trace = SyntheticTraces.threeTenants(3);
		ReplayOptions options = SyntheticTraces.options("--warmup-days", "2", "--seed", "7", "--capacity-share", "100",
				"--threads", "1", "--noisy-tenant", "bursty");
		String first = ReplayReport.json(ReplayCommand.simulate(options, trace, SyntheticTraces.silent()));
		String second = ReplayReport.json(ReplayCommand.simulate(options, trace, SyntheticTraces.silent()));
		assertThat(second).isEqualTo(first);
		assertThat(first).contains("\"forecasts\": \"walk-forward\"").contains("\"name\": \"predictive/1s\"");
		String otherSeed = ReplayReport.json(
				ReplayCommand.simulate(SyntheticTraces.options("--warmup-days", "2", "--seed", "8", "--capacity-share",
						"100", "--threads", "1", "--noisy-tenant", "bursty"), trace, SyntheticTraces.silent()));
		assertThat(otherSeed).isNotEqualTo(first);
	}

	@Test
	void walkForwardForecastsReserveCapacityAndNeverOverrunIt() throws Exception {
		ReplayResult result = ReplayCommand.simulate(
				SyntheticTraces.options("--warmup-days", "2", "--capacity-share", "100", "--threads", "1"),
				SyntheticTraces.threeTenants(3), SyntheticTraces.silent());
		ReplayMetrics predictive = result.base().get(result.base().size() - 1);
		assertThat(predictive.strategy).isEqualTo("predictive/1s");
		assertThat(ReplayMetrics.total(predictive.granted)).isPositive();
		assertThat(ReplayMetrics.total(predictive.used)).isPositive()
			.isLessThanOrEqualTo(ReplayMetrics.total(predictive.granted));
		assertThat(ReplayMetrics.total(predictive.admittedPreallocated))
			.isEqualTo(ReplayMetrics.total(predictive.used));
		for (ReplayMetrics m : result.base()) {
			assertThat(m.overrunUnits).as(m.strategy).isZero();
			assertThat(m.busiestSecond).as(m.strategy).isLessThanOrEqualTo(result.plans().capacity());
		}
	}

	/**
	 * On a noisy trace: a noise-free one is forecast exactly by its best model, served
	 * alone, and every quantile of an exact forecast is the same.
	 */
	@Test
	void aHigherReservationQuantileReservesMore() throws Exception {
		long[] granted = new long[2];
		String[] levels = { "0.9", "0.99" };
		for (int i = 0; i < 2; i++) {
			ReplayResult result = ReplayCommand.simulate(
					SyntheticTraces.options("--warmup-days", "2", "--capacity-share", "100", "--threads", "1",
							"--reservation-quantile", levels[i]),
					SyntheticTraces.noisyThreeTenants(3), SyntheticTraces.silent());
			granted[i] = ReplayMetrics.total(result.base().get(result.base().size() - 1).granted);
		}
		assertThat(granted[1]).isGreaterThan(granted[0]);
	}

	@Test
	void withoutForecastsPredictiveIsExactlyTheTokenBucketOfTheSameBurst() throws Exception {
		ReplayResult result = ReplayCommand.simulate(
				SyntheticTraces.options("--warmup-days", "1", "--no-forecast", "--burst-seconds", "10,60",
						"--strategy-burst-seconds", "60", "--capacity-share", "0.5"),
				SyntheticTraces.threeTenants(2), SyntheticTraces.silent());
		ReplayMetrics tokenBucket = result.base().get(1);
		ReplayMetrics predictive = result.base().get(3);
		assertThat(tokenBucket.strategy).isEqualTo("token-bucket/60s");
		assertThat(predictive.strategy).isEqualTo("predictive/60s");
		assertThat(predictive.offered).containsExactly(tokenBucket.offered);
		assertThat(predictive.admitted).containsExactly(tokenBucket.admitted);
		assertThat(predictive.throttled).containsExactly(tokenBucket.throttled);
		assertThat(predictive.gateRefused).containsExactly(tokenBucket.gateRefused);
		assertThat(predictive.burstAdmitted).containsExactly(tokenBucket.burstAdmitted);
		assertThat(predictive.waits).isDeepEqualTo(tokenBucket.waits);
		assertThat(predictive.granted).containsOnly(0);
		// the 60 s bucket must have throttled something for the comparison to mean
		// anything
		assertThat(ReplayMetrics.total(tokenBucket.throttled)).isPositive();
	}

	@Test
	void oracleForecastsAdmitAllBurstStepDemandWhenCapacityAllows() throws Exception {
		ReplayResult result = ReplayCommand.simulate(SyntheticTraces.options("--warmup-days", "1", "--oracle",
				"--no-in-step", "--capacity-share", "100", "--reservable-fraction", "1"),
				SyntheticTraces.threeTenants(2), SyntheticTraces.silent());
		ReplayMetrics tokenBucket = result.base().get(0);
		ReplayMetrics predictive = result.base().get(result.base().size() - 1);
		assertThat(predictive.admitted).containsExactly(predictive.offered);
		assertThat(predictive.admittedPreallocated).containsExactly(predictive.offered);
		assertThat(predictive.burstAdmitted).containsExactly(predictive.burstOffered);
		assertThat(predictive.burstShare()).isEqualTo(1.0);
		assertThat(predictive.granted).containsExactly(predictive.offered);
		assertThat(predictive.used).containsExactly(predictive.offered);
		assertThat(predictive.overrunUnits).isZero();
		// scored day: calm 288 x 6, bursty 24 x 60 + 264 x 6, idle 72 x 1
		assertThat(predictive.offered).containsExactly(1728, 3024, 72);
		assertThat(tokenBucket.burstShare()).isLessThan(0.5);
	}

	@Test
	void oracleForecastsUnderScarceCapacityAdmitNoMoreThanTheGateLetsThrough() throws Exception {
		Trace trace = SyntheticTraces.trace(List.of("calm", "bursty"), 2, (t, s) -> (t == 1 && s % 12 == 0) ? 900 : 60);
		ReplayResult result = ReplayCommand.simulate(SyntheticTraces.options("--warmup-days", "1", "--oracle",
				"--no-in-step", "--capacity-share", "0.5", "--reservable-fraction", "0.8"), trace,
				SyntheticTraces.silent());
		// C = floor(0.5 x (60 + 900) / 300) = 1 per second: 300 per step, 240 of them
		// reservable
		assertThat(result.plans().capacity()).isEqualTo(1);
		ReplayMetrics tokenBucket = result.base().get(0);
		ReplayMetrics predictive = result.base().get(result.base().size() - 1);
		assertThat(predictive.overrunUnits).isZero();
		assertThat(predictive.busiestSecond).isEqualTo(1);
		// every step is reserved in full except the bursty hour's first: 60 + 180 of 240
		// by max-min fairness
		long scoredSteps = 288;
		assertThat(predictive.granted[0]).isEqualTo(60 * scoredSteps);
		assertThat(predictive.granted[1]).isEqualTo(60 * (scoredSteps - 24) + 180 * 24);
		// the gate admits at most 300 per step, and a wait of up to 3 s carries a few
		// into the next step
		assertThat(ReplayMetrics.total(predictive.admitted)).isLessThanOrEqualTo(300 * scoredSteps + 3);
		assertThat(predictive.burstShare()).isGreaterThan(tokenBucket.burstShare());
	}

	@Test
	void aNoisyNeighbourBehindAStrictTokenBucketChangesNothingForTheOthersWhenCapacityIsAmple() throws Exception {
		ReplayResult result = ReplayCommand.simulate(
				SyntheticTraces.options("--warmup-days", "1", "--no-forecast", "--capacity-share", "100",
						"--noisy-tenant", "bursty", "--noisy-factor", "5"),
				SyntheticTraces.threeTenants(2), SyntheticTraces.silent());
		assertThat(result.noisyIndex()).isEqualTo(1);
		ReplayMetrics base = result.base().get(0);
		ReplayMetrics flood = result.noisy().get(0);
		assertThat(flood.offered[1]).isEqualTo(5 * base.offered[1]);
		assertThat(flood.offered[0]).isEqualTo(base.offered[0]);
		assertThat(flood.meanAdmittedShare(1)).isEqualTo(base.meanAdmittedShare(1));
		assertThat(ReplayReport.json(result)).contains("\"noisy_neighbour\": {\"tenant\": \"bursty\"");
	}

	@Test
	void theCommandPrintsTheTableAndWritesTheJsonReport(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("tenant_a.csv");
		StringBuilder text = new StringBuilder("timestamp,value\n");
		for (int s = 0; s < 2 * SyntheticTraces.DAY; s++) {
			text.append(java.time.Instant.ofEpochSecond(SyntheticTraces.MONDAY + s * 300L))
				.append(',')
				.append((s % 12 == 0) ? 50 : 5)
				.append('\n');
		}
		Files.writeString(csv, text);
		Path json = dir.resolve("report.json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int code = ReplayCommand.run(
				new String[] { "--warmup-days", "1", "--no-forecast", "--json", json.toString(), csv.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), SyntheticTraces.silent());
		assertThat(code).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("token-bucket/300s")
			.contains("per day")
			.contains("tenant_a");
		assertThat(Files.readString(json)).startsWith("{").contains("\"capacity_overrun_units\": 0");
		assertThat(ReplayCommand.run(new String[] { "--step" }, SyntheticTraces.silent(), SyntheticTraces.silent()))
			.isEqualTo(2);
	}

}
