package io.github.predictivegateway.bench.replay;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalsTests {

	@Test
	void uniformArrivalsAreEvenlySpacedInTheMiddleOfTheirSlots() {
		Trace trace = SyntheticTraces.trace(List.of("a"), 1, (t, s) -> 4);
		long[] step = new Arrivals(Arrivals.Mode.UNIFORM, 1).step(trace, 0);
		assertThat(Arrays.stream(step).map(Arrivals::offsetNanos).toArray()).containsExactly(37_500_000_000L,
				112_500_000_000L, 187_500_000_000L, 262_500_000_000L);
	}

	@Test
	void poissonArrivalsAreSortedWithinTheStepAndATenantsArrivalsDoNotDependOnOtherTenants() {
		Trace trace = SyntheticTraces.threeTenants(1);
		Trace flooded = trace.withFlood(1, 10, 0);
		Arrivals arrivals = new Arrivals(Arrivals.Mode.POISSON, 42);
		long[] step = arrivals.step(trace, 0);
		assertThat(step).hasSize(6 + 60 + 1).isSorted();
		assertThat(Arrays.stream(step).map(Arrivals::offsetNanos).allMatch(o -> o >= 0 && o < 300_000_000_000L))
			.isTrue();
		assertThat(ofTenant(arrivals.step(flooded, 0), 0)).containsExactly(ofTenant(step, 0));
		assertThat(ofTenant(arrivals.step(flooded, 0), 1)).hasSize(600);
		assertThat(ofTenant(new Arrivals(Arrivals.Mode.POISSON, 43).step(trace, 0), 0)).isNotEqualTo(ofTenant(step, 0));
	}

	private static long[] ofTenant(long[] packed, int tenant) {
		return Arrays.stream(packed).filter(p -> Arrivals.tenant(p) == tenant).toArray();
	}

}
