package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class PreallocationCycleTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofSeconds(10));

	/**
	 * 10 units/s over 10 s steps at 0.8 reservable: 80 units per step can be reserved.
	 */
	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources, Map.of("free",
			Map.of("db", ResourceLimit.of(1, 1)), "capped", Map.of("db", new ResourceLimit(1, 1, 25, 1))), "free",
			Map.of("capped-tenant", "capped"));

	private final ShadowBucketTable table = new ShadowBucketTable(this.steps, 1);

	private final List<Instant> asked = new ArrayList<>();

	private PreallocationCycle cycle(DeclaredPreallocation... declarations) {
		DeclaredForecastSource declared = new DeclaredForecastSource(List.of(declarations));
		ForecastSource recording = (start, step) -> {
			this.asked.add(start);
			return declared.forecastsFor(start, step);
		};
		return AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(recording)
			.lead(Duration.ofSeconds(2))
			.cycle();
	}

	private long granted(String tenant) {
		var bucket = this.table.find(tenant, this.db, this.time.epochNanos());
		return (bucket != null) ? bucket.granted() : 0;
	}

	@Test
	void theCurrentStepIsPreparedAtOnceOnStartUp() {
		this.time.set(STEP_START.plusSeconds(3));

		cycle(DeclaredPreallocation.always("acme", "db", 30)).tick();

		assertThat(this.asked).containsExactly(STEP_START);
		assertThat(granted("acme")).isEqualTo(30);
	}

	@Test
	void theNextStepIsPreparedOnlyWithinTheLeadOfItsStart() {
		PreallocationCycle cycle = cycle(DeclaredPreallocation.always("acme", "db", 30));
		cycle.tick();
		this.time.set(STEP_START.plusMillis(7_999));
		cycle.tick();
		assertThat(this.asked).containsExactly(STEP_START);

		this.time.set(STEP_START.plusSeconds(8));
		cycle.tick();

		assertThat(this.asked).containsExactly(STEP_START, STEP_START.plusSeconds(10));
	}

	@Test
	void aStepIsPreparedOnceSoItsGrantIsNotHandedOutTwice() {
		PreallocationCycle cycle = cycle(DeclaredPreallocation.always("acme", "db", 30));
		cycle.tick();
		this.table.find("acme", this.db, this.time.epochNanos()).tryConsume(30);

		cycle.tick();

		assertThat(this.table.find("acme", this.db, this.time.epochNanos()).remaining()).isZero();
		assertThat(this.asked).hasSize(1);
	}

	@Test
	void desiredPreallocationIsCappedByThePlan() {
		cycle(DeclaredPreallocation.always("capped-tenant", "db", 60)).tick();

		assertThat(granted("capped-tenant")).isEqualTo(25);
	}

	@Test
	void grantsStayWithinTheReservableShareOfCapacity() {
		cycle(DeclaredPreallocation.always("a", "db", 70), DeclaredPreallocation.always("b", "db", 70)).tick();

		assertThat(granted("a") + granted("b")).isEqualTo(80);
		assertThat(granted("a")).isEqualTo(40);
	}

	@Test
	void theForecastsUpperBoundIsWhatIsReserved() {
		ForecastSource source = (start, step) -> Map.of(new SeriesKey("acme", "db"), new Forecast(10, 4, 17.9));
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(source)
			.lead(Duration.ofSeconds(2))
			.cycle()
			.tick();

		assertThat(granted("acme")).isEqualTo(17);
	}

	@Test
	void forecastsForUndeclaredResourceTypesAreIgnored() {
		ForecastSource source = (start, step) -> Map.of(new SeriesKey("acme", "gpu"), Forecast.exactly(5));
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(source)
			.lead(Duration.ofSeconds(2))
			.cycle()
			.tick();

		assertThat(this.table.grantsAt(this.time.epochNanos()).byTenant()).isEmpty();
	}

	@Test
	void theAdjustmentMultiplierScalesTheUpperBoundUpToThePlansCap() {
		SeriesKey acme = new SeriesKey("acme", "db");
		SeriesKey capped = new SeriesKey("capped-tenant", "db");
		Forecast forecast = new Forecast(10, 4, 16);
		AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);
		for (int i = 0; i < 2; i++) {
			adjustment.expect(i, Map.of(acme, forecast, capped, forecast));
			adjustment.observe(i, Map.of(acme, 100.0, capped, 100.0));
		}
		ForecastSource source = (start, step) -> Map.of(acme, forecast, capped, forecast);

		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(source)
			.lead(Duration.ofSeconds(2))
			.adjustment(adjustment)
			.cycle()
			.tick();

		// m = 1.25² = 1.5625: 16 × 1.5625 = 25 units; the capped tenant's plan allows at
		// most 25 anyway
		assertThat(granted("acme")).isEqualTo(25);
		assertThat(granted("capped-tenant")).isEqualTo(25);
	}

	@Test
	void theLargestFiniteForecastTimesARaisedMultiplierIsGrantedNoMoreThanTheReservableShare() {
		SeriesKey greedy = new SeriesKey("greedy", "db");
		SeriesKey modest = new SeriesKey("modest", "db");
		Forecast huge = new Forecast(Double.MAX_VALUE, 0, Double.MAX_VALUE);
		AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1);
		for (int i = 0; i < 5; i++) {
			adjustment.expect(i, Map.of(greedy, new Forecast(1, 0, 1)));
			adjustment.observe(i, Map.of(greedy, 100.0));
		}
		ForecastSource source = (start, step) -> Map.of(greedy, huge, modest, new Forecast(10, 5, 10));

		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(source)
			.lead(Duration.ofSeconds(2))
			.adjustment(adjustment)
			.cycle()
			.tick();

		// m = 3 (its bound): upper × m overflows to infinity; the ledger still hands out
		// only 80 units, max-min fair
		assertThat(adjustment.multiplier(greedy)).isEqualTo(3.0);
		assertThat(granted("modest")).isEqualTo(10);
		assertThat(granted("greedy")).isEqualTo(70);
	}

	@Test
	void aHugeForecastIsCappedByThePlansMaximumPreallocation() {
		ForecastSource source = (start, step) -> Map.of(new SeriesKey("capped-tenant", "db"),
				new Forecast(1e300, 0, 1e300));

		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(source)
			.lead(Duration.ofSeconds(2))
			.cycle()
			.tick();

		assertThat(granted("capped-tenant")).isEqualTo(25);
	}

}
