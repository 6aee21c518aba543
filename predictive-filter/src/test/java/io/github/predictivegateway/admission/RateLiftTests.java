package io.github.predictivegateway.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard bucket's refill lifted toward the plan's max-rate ({@link RateLift}),
 * through the engine and the cycle as the gateway assembles them, in virtual time: one
 * step of 60 s, a backend of 100 units/s, so 4800 units reservable per step, in-step
 * windows of 5 s. Both plans below refill at 10 units/s up to 10 and set
 * {@code max-preallocation: 0}, so that no top-up serves their tenants and what they are
 * admitted is their standard bucket's alone; {@code lifted} may be lifted to 50 units/s.
 * The cycle ticks every 100 ms.
 */
class RateLiftTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private static final int SLOTS_PER_SECOND = 10;

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofSeconds(60));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 100.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("plain", Map.of("db", new ResourceLimit(10, 10, 0, 1)), "lifted",
					Map.of("db", new ResourceLimit(10, 10, 0, 1, 50)), "owner",
					Map.of("db", ResourceLimit.of(100, 100)), "topped",
					Map.of("db", new ResourceLimit(10, 10, ResourceLimit.NO_PREALLOCATION_CAP, 1, 50))),
			"plain", Map.of("bursty", "lifted", "owner", "owner", "topped-tenant", "topped"));

	private PreallocationCycle cycle;

	private AdmissionEngine engine;

	private RateLift lift;

	private void assemble(DeclaredPreallocation... declared) {
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.forecasts(new DeclaredForecastSource(List.of(declared)))
			.lead(Duration.ZERO);
		this.cycle = parts.cycle();
		this.engine = parts.engine();
		this.lift = parts.rateLift();
		this.cycle.tick();
	}

	/** A tenant sending at a steady rate, whole requests per 100 ms slot. */
	private record Sender(String tenant, List<Decision> decisions) {

		Sender(String tenant) {
			this(tenant, new ArrayList<>());
		}

		long admittedSince(int from) {
			return this.decisions.subList(from, this.decisions.size())
				.stream()
				.filter(decision -> decision != Decision.THROTTLED)
				.count();
		}

		long count(Decision decision) {
			return this.decisions.stream().filter(decision::equals).count();
		}

	}

	/**
	 * Runs from the current time for {@code seconds}: at each 100 ms slot the cycle
	 * ticks, then each sender sends its rate's share of the slot.
	 */
	private void run(int seconds, int perSecond, Sender sender, Sender... others) {
		run(seconds, perSecond, sender, 0, others);
	}

	private void run(int seconds, int perSecond, Sender sender, int othersPerSecond, Sender... others) {
		for (int slot = 0; slot < seconds * SLOTS_PER_SECOND; slot++) {
			this.cycle.tick();
			send(sender, slot, perSecond);
			for (Sender other : others) {
				send(other, slot, (othersPerSecond > 0) ? othersPerSecond : perSecond);
			}
			this.time.advance(Duration.ofMillis(100));
		}
		this.cycle.tick();
	}

	private void send(Sender sender, int slot, int perSecond) {
		long due = (long) (slot + 1) * perSecond / SLOTS_PER_SECOND - (long) slot * perSecond / SLOTS_PER_SECOND;
		for (long i = 0; i < due; i++) {
			sender.decisions().add(this.engine.admit(sender.tenant(), this.db, 1).decision());
		}
	}

	@Test
	void aTenantWithNoForecastIsLiftedToItsMaxRateAfterTheFirstWindowWhileCapacityIsIdle() {
		assemble();
		Sender bursty = new Sender("bursty");
		Sender plain = new Sender("plain-tenant");

		run(5, 50, bursty, plain);
		int firstWindow = bursty.decisions().size();
		run(55, 50, bursty, plain);

		assertThat(bursty.decisions()).hasSize(3000);
		assertThat(bursty.admittedSince(0) - bursty.admittedSince(firstWindow)).as("first window, before the lift")
			.isEqualTo(59);
		assertThat(bursty.admittedSince(firstWindow)).as("after the lift, of 2750").isEqualTo(2736);
		assertThat(bursty.admittedSince(0)).as("of the burst's 3000, 93.2%").isEqualTo(2795);
		assertThat(plain.admittedSince(0)).as("no max-rate: 10 + 10/s, of 3000").isEqualTo(609);
		assertThat(this.lift.lifted(this.db)).isOne();
		assertThat(this.lift.lifts(this.db)).isOne();
	}

	@Test
	void noLiftWhileOthersHoldAllTheReservableCapacity() {
		assemble(DeclaredPreallocation.always("owner", "db", 4800));
		Sender bursty = new Sender("bursty");
		Sender owner = new Sender("owner");

		run(60, 50, bursty, 80, owner);

		assertThat(owner.count(Decision.PREALLOCATED)).as("the owner spends its grant at its pace").isEqualTo(4800);
		assertThat(bursty.admittedSince(0)).as("10 + 10/s, of 3000").isEqualTo(609);
		assertThat(this.lift.lifts(this.db)).isZero();
	}

	@Test
	void aTenantAlsoToppedUpIsLoweredOnceItsGrantServesIt() {
		assemble();
		Sender topped = new Sender("topped-tenant");

		run(5, 50, topped);
		assertThat(this.lift.lifted(this.db)).as("lifted and topped up at the first window").isOne();
		run(5, 50, topped);

		assertThat(topped.count(Decision.PREALLOCATED)).as("the second window served from the top-up").isEqualTo(250);
		assertThat(this.lift.lifted(this.db)).as("its bucket untouched, full: lowered").isZero();
	}

	@Test
	void theLiftEndsWhenTheRefusalsStopAndTheNextBurstStartsFromThePlansRate() {
		assemble();
		Sender bursty = new Sender("bursty");

		run(20, 50, bursty);
		assertThat(this.lift.lifted(this.db)).as("lifted while bursting").isOne();
		run(10, 5, bursty);
		assertThat(this.lift.lifted(this.db)).as("lowered once a window ends with its bucket full").isZero();
		int calm = bursty.decisions().size();
		run(5, 50, bursty);

		assertThat(bursty.admittedSince(calm)).as("the next burst's first window at 10/s, of 250").isEqualTo(59);
		run(1, 50, bursty);
		assertThat(this.lift.lifts(this.db)).as("lifted again after that window").isEqualTo(2);
	}

}
