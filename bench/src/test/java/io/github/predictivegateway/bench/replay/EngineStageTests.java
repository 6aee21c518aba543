package io.github.predictivegateway.bench.replay;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class EngineStageTests {

	@Test
	void theAdjustmentMultiplierRaisesTheReservationOfATenantWhoseDemandStaysAboveTheUpperBound() {
		Trace trace = SyntheticTraces.trace(List.of("grows"), 2, (t, s) -> (s < SyntheticTraces.DAY) ? 5 : 18);
		ReplayPlans plans = ReplayPlans.fromWarmup(trace, SyntheticTraces.DAY, 100);
		ForecastSource forecasts = (start, step) -> Map.of(new SeriesKey("grows", EngineStage.RESOURCE),
				new Forecast(5, 4, 6));
		ReplayRun run = new ReplayRun(trace, new Arrivals(Arrivals.Mode.UNIFORM, 1), SyntheticTraces.DAY, plans);
		ReplayMetrics fixed = run.run("fixed", plans.capacity(),
				clock -> new EngineStage(trace, plans, 1, forecasts, 1, AdjustmentMultipliers.none(), null, clock));
		AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3.0, 1.25, 0.8, 3);
		ReplayMetrics adjusted = run.run("adjusted", plans.capacity(),
				clock -> new EngineStage(trace, plans, 1, forecasts, 1, adjustment, null, clock));
		assertThat(fixed.granted[0]).isEqualTo(288 * 6);
		// m = 1, 1.25, 1.5625, 1.953, 2.441 for three steps each (grants 6, 7, 9, 11,
		// 14), then 3 (grant 18)
		assertThat(adjusted.granted[0]).isEqualTo(3 * (6 + 7 + 9 + 11 + 14) + 273 * 18);
		assertThat(adjusted.finalMultiplier[0]).isEqualTo(3.0);
		assertThat(adjusted.admitted[0]).isGreaterThan(fixed.admitted[0]);
	}

	@Test
	void aPreallocatedRequestTheGateRefusedIsGivenBackToTheTenantsGrant() {
		Trace trace = SyntheticTraces.trace(List.of("a"), 2, (t, s) -> 5);
		ReplayPlans plans = ReplayPlans.fromWarmup(trace, SyntheticTraces.DAY, 100);
		ForecastSource forecasts = (start, step) -> Map.of(new SeriesKey("a", EngineStage.RESOURCE),
				new Forecast(5, 4, 6));
		ReplayScheduler clock = new ReplayScheduler(trace.stepStartNanos(SyntheticTraces.DAY));
		EngineStage stage = new EngineStage(trace, plans, 1, forecasts, 1, AdjustmentMultipliers.none(), null, clock);
		stage.beginStep(SyntheticTraces.DAY);
		TenantStage.Admission passed = stage.admit(0);
		TenantStage.Admission refused = stage.admit(0);
		refused.refund().run();
		clock.advanceTo(trace.stepStartNanos(SyntheticTraces.DAY + 1) - 1);
		long[] granted = new long[1];
		long[] used = new long[1];
		stage.endStep(SyntheticTraces.DAY, new long[] { 2 }, granted, used);

		assertThat(passed.decision()).isEqualTo(Decision.PREALLOCATED);
		assertThat(refused.decision()).isEqualTo(Decision.PREALLOCATED);
		assertThat(granted[0]).isEqualTo(6);
		assertThat(used[0]).isEqualTo(1);
	}

}
