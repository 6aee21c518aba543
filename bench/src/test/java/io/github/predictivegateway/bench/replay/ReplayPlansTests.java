package io.github.predictivegateway.bench.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayPlansTests {

	@Test
	void ratesAreWarmupMediansWithAFloorOfOneRequestPerStepAndCapacityIsAShareOfWarmupPeaks() {
		Trace trace = SyntheticTraces.threeTenants(2);
		// scored day: a flood that the plans must not see
		Trace flooded = trace.withFlood(0, 100, SyntheticTraces.DAY);
		ReplayPlans plans = ReplayPlans.fromWarmup(flooded, SyntheticTraces.DAY, 0.5);
		assertThat(plans.rate(0)).isEqualTo(6.0 / 300);
		assertThat(plans.rate(1)).isEqualTo(6.0 / 300);
		assertThat(plans.rate(2)).isEqualTo(1.0 / 300); // median 0, floored to one
														// request per step
		assertThat(plans.peak(1)).isEqualTo(60.0 / 300);
		// 0.5 x (6 + 60 + 1) / 300 = 0.11 -> at least 1
		assertThat(plans.capacity()).isEqualTo(1);
		assertThat(ReplayPlans.fromWarmup(flooded, SyntheticTraces.DAY, 100).capacity()).isEqualTo(22);
		assertThat(plans.burst(0, 10)).isEqualTo(1);
		assertThat(plans.burst(0, 300)).isEqualTo(6);
		assertThat(plans.burst(0, 301)).isEqualTo(7);
	}

}
