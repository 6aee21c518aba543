package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.MonotonicTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall clock stepped back 30 s in the middle of a minute of traffic, across a step
 * boundary (at 09:01:10, back to 09:00:40): the engine on its real clock
 * ({@link MonotonicTimeSource}) decides every request exactly as an engine whose clock
 * never stepped. Traffic: every 100 ms one request of {@code acme} (200 units of
 * {@code db} declared per step, then a standard bucket of 2/s, burst 4) and one of
 * {@code globex} (standard only), each then taking its unit from a gate of 15 units/s.
 */
class WallClockStepBackTests {

	private static final Instant START = Instant.parse("2026-11-30T09:00:40Z");

	private static final long TICK = 100_000_000L;

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 15.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(2, 4))), "free", Map.of());

	/** What one engine decided, request by request, and the steps it served from. */
	private record Run(List<String> decisions, List<Long> steps) {
	}

	private Run run(TimeSource time, Runnable tick, Runnable stepBack) {
		AdmissionEngineBuilder builder = AdmissionEngineBuilder.of(this.plans, this.steps, time)
			.forecasts(new DeclaredForecastSource(List.of(DeclaredPreallocation.always("acme", "db", 200))))
			.lead(Duration.ofSeconds(5));
		AdmissionEngine engine = builder.engine();
		PreallocationCycle cycle = builder.cycle();
		LocalCapacityGate gate = new LocalCapacityGate(15, Duration.ofSeconds(1), time);
		Run run = new Run(new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < 600; i++) {
			if (i == 300) {
				stepBack.run();
			}
			cycle.tick();
			for (String tenant : new String[] { "acme", "globex" }) {
				AdmissionResult result = engine.admit(tenant, this.db, 1);
				boolean passed = result.admitted() && gate.tryAcquire(1);
				run.decisions()
					.add(i + " " + tenant + " " + result.decision() + " " + result.remaining() + " "
							+ (passed ? "passed" : "refused"));
				run.steps().add(this.steps.indexOf(time.epochNanos()));
			}
			tick.run();
		}
		return run;
	}

	private Run withoutStep() {
		ManualTimeSource time = new ManualTimeSource(START);
		return run(time, () -> time.advance(Duration.ofNanos(TICK)), () -> {
		});
	}

	private Run withStepBack(boolean monotonic) {
		AtomicLong wall = new AtomicLong(START.getEpochSecond() * 1_000_000_000L);
		AtomicLong nano = new AtomicLong(42);
		TimeSource time = monotonic ? new MonotonicTimeSource(wall::get, nano::get, Duration.ofSeconds(1)) : wall::get;
		return run(time, () -> {
			wall.addAndGet(TICK);
			nano.addAndGet(TICK);
		}, () -> wall.addAndGet(-30_000_000_000L));
	}

	@Test
	void aWallClockSteppedBack30SecondsChangesNoDecision() {
		Run expected = withoutStep();

		Run stepped = withStepBack(true);

		assertThat(stepped.decisions()).containsExactlyElementsOf(expected.decisions());
		assertThat(stepped.decisions()).anyMatch(d -> d.startsWith("301 acme PREALLOCATED"));
	}

	@Test
	void theStepNeverGoesBackwardsAndStaysAlignedToTheEpoch() {
		Run expected = withoutStep();

		Run stepped = withStepBack(true);

		assertThat(stepped.steps()).isSorted().containsExactlyElementsOf(expected.steps());
	}

	@Test
	void onTheWallClockItselfTheSameStepBackWouldChangeDecisions() {
		// what the engine did before it had a monotonic clock: the test above can fail
		assertThat(withStepBack(false).decisions()).isNotEqualTo(withoutStep().decisions());
	}

}
