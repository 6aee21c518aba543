package io.github.predictivegateway.bench.replay;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveStageTests {

	@Test
	void rateIsTheMovingAverageOfRecentOfferedDemandNeverBelowThePlan() {
		Trace trace = SyntheticTraces.trace(List.of("a"), 2, (t, s) -> (s < 288) ? 3 : s - 288);
		ReplayPlans plans = ReplayPlans.fromWarmup(trace, 288, 1);
		ReactiveStage stage = new ReactiveStage(trace, plans, 10, 3, new ReplayScheduler(0));
		assertThat(plans.rate(0)).isEqualTo(0.01);
		assertThat(stage.rate(0, 288)).isEqualTo(0.01);
		// steps 297..299 offered 9, 10, 11: 30 / (3 x 300)
		assertThat(stage.rate(0, 300)).isEqualTo(30.0 / 900);
		// steps 288..290 offered 0, 1, 2: below the plan
		assertThat(stage.rate(0, 291)).isEqualTo(0.01);
	}

	@Test
	void aRequestTheGateRefusedIsGivenBackToTheTenantsBucket() {
		Trace trace = SyntheticTraces.trace(List.of("a"), 2, (t, s) -> 3);
		ReplayPlans plans = ReplayPlans.fromWarmup(trace, 288, 1);
		// rate 3 / 300 s, a bucket of one unit that refills in 100 s: the clock stays
		ReactiveStage stage = new ReactiveStage(trace, plans, 1, 3, new ReplayScheduler(trace.stepStartNanos(288)));
		stage.beginStep(288);
		TenantStage.Admission refused = stage.admit(0);
		assertThat(stage.admit(0).decision()).isEqualTo(Decision.THROTTLED);
		refused.refund().run();

		assertThat(refused.decision()).isEqualTo(Decision.STANDARD);
		assertThat(stage.admit(0).decision()).isEqualTo(Decision.STANDARD);
	}

}
