package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.RefusedDemandBound;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A free-plan tenant (rate 5, burst 10) flooding at ten times its plan for two hours of
 * virtual time, with the whole loop closed: the engine decides, the usage of each step
 * (refused demand counted up to its bound) teaches a forecaster, the forecasts become the
 * next step's grants, and grants are topped up and released within their steps. Two pro
 * tenants send 15 units/s with a burst of 40 units/s every tenth step that no forecast
 * foresees. The backend takes 200 units/s.
 */
class FloodEarnsNoReservationTests {

	private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

	private static final int STEPS = 120;

	private static final int SLOTS_PER_SECOND = 10;

	private final ResourceTypes resources = new ResourceTypes(Map.of("api", 200.0));

	private final ResourceType api = this.resources.get("api");

	private final Steps steps = new Steps(Duration.ofSeconds(60));

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("api", ResourceLimit.of(5, 10)), "pro", Map.of("api", ResourceLimit.of(20, 40))),
			"free", Map.of("alpha", "pro", "beta", "pro"));

	private final long cap = this.plans.limitFor("flood", this.api).preallocationCap(60);

	/** What one run measured. */
	private record Outcome(long othersOffered, long othersAdmitted, long largestFloodGrant) {

		double othersShare() {
			return (double) this.othersAdmitted / this.othersOffered;
		}

	}

	/**
	 * Forecasts each series' next step from its last three closed steps: mean, and an
	 * upper bound of 1.2 × their largest.
	 */
	private static final class LearningForecasts implements ForecastSource {

		private final Map<SeriesKey, Deque<Double>> history = new HashMap<>();

		void learn(StepUsage usage) {
			Deque<Double> last = this.history.computeIfAbsent(new SeriesKey(usage.tenant(), usage.resource()),
					s -> new ArrayDeque<>());
			last.addLast(usage.units());
			if (last.size() > 3) {
				last.removeFirst();
			}
		}

		@Override
		public Map<SeriesKey, Forecast> forecastsFor(Instant stepStart, Duration step) {
			Map<SeriesKey, Forecast> forecasts = new HashMap<>();
			this.history.forEach((series, last) -> {
				double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
				double largest = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
				forecasts.put(series, new Forecast(mean, 0, 1.2 * largest));
			});
			return forecasts;
		}

	}

	private Outcome run(boolean flood) {
		ManualTimeSource time = new ManualTimeSource(START);
		LearningForecasts forecasts = new LearningForecasts();
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(this.plans, this.steps, time)
			.forecasts(forecasts)
			.lead(Duration.ZERO);
		PreallocationCycle cycle = parts.cycle();
		AdmissionEngine engine = parts.engine();
		UsageAggregator usage = new UsageAggregator(this.steps, time, this.resources, 100,
				RefusedDemandBound.stepAllowance(PlanCatalogs.of(this.plans), this.steps));
		ShadowBucketTable table = parts.shadowBucketTable();
		long offered = 0;
		long admitted = 0;
		long largest = 0;
		for (int step = 0; step < STEPS; step++) {
			int othersRate = (step % 10 == 9) ? 40 : 15;
			for (int slot = 0; slot < 60 * SLOTS_PER_SECOND; slot++) {
				cycle.tick();
				for (String tenant : new String[] { "alpha", "beta" }) {
					for (long i = 0; i < due(slot, othersRate); i++) {
						Decision decision = decide(engine, usage, tenant);
						offered++;
						admitted += (decision != Decision.THROTTLED) ? 1 : 0;
					}
				}
				if (flood) {
					for (long i = 0; i < due(slot, 50); i++) {
						decide(engine, usage, "flood");
					}
					ShadowBucket grant = table.find("flood", this.api, time.epochNanos());
					largest = Math.max(largest, (grant != null) ? grant.granted() : 0);
				}
				time.advance(Duration.ofMillis(100));
			}
			usage.closeThrough(this.steps.indexOf(time.epochNanos()) - 1).forEach(forecasts::learn);
		}
		return new Outcome(offered, admitted, largest);
	}

	private Decision decide(AdmissionEngine engine, UsageAggregator usage, String tenant) {
		Decision decision = engine.admit(tenant, this.api, 1).decision();
		usage.record(tenant, this.api, decision, 1, 0);
		return decision;
	}

	private static long due(int slot, int perSecond) {
		return (long) (slot + 1) * perSecond / SLOTS_PER_SECOND - (long) slot * perSecond / SLOTS_PER_SECOND;
	}

	@Test
	void aTenantFloodingAtTenTimesItsPlanForTwoHoursIsNeverReservedMoreThanItsCap() {
		Outcome flooded = run(true);

		assertThat(flooded.largestFloodGrant()).isPositive().isLessThanOrEqualTo(this.cap);
	}

	@Test
	void aTenantFloodingAtTenTimesItsPlanLeavesTheOthersAdmittedShareWithinOnePoint() {
		Outcome calm = run(false);
		Outcome flooded = run(true);

		assertThat(calm.othersOffered()).isEqualTo(flooded.othersOffered());
		assertThat(flooded.othersShare()).isCloseTo(calm.othersShare(), within(0.01));
	}

}
