package io.github.predictivegateway.preallocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grants adjusted within their step ({@link InStepAdjustment}), through the engine and
 * the cycle as the gateway assembles them, in virtual time: one step of 60 s, a backend
 * of 20 units/s, so 960 units reservable per step; the free plan's standard bucket admits
 * 2 units/s (burst 2). The cycle ticks every 100 ms, as the gateway's does at most every
 * second.
 */
class InStepAdjustmentTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private static final int SLOTS_PER_SECOND = 10;

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofSeconds(60));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 20.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources, Map.of("free",
			Map.of("db", ResourceLimit.of(2, 2)), "capped", Map.of("db", new ResourceLimit(2, 2, 100, 1))), "free",
			Map.of("capped-tenant", "capped"));

	private final ShadowBucketTable table = new ShadowBucketTable(this.steps, 1);

	private PreallocationCycle cycle;

	private AdmissionEngine engine;

	private void assemble(DeclaredPreallocation... declared) {
		AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts(new DeclaredForecastSource(List.of(declared)))
			.lead(Duration.ZERO);
		this.cycle = parts.cycle();
		this.engine = parts.engine();
		this.cycle.tick();
	}

	/** A tenant sending at a steady rate, whole requests per 100 ms slot. */
	private record Sender(String tenant, int perSecond, List<Decision> decisions) {

		Sender(String tenant, int perSecond) {
			this(tenant, perSecond, new ArrayList<>());
		}

		long count(Decision decision) {
			return this.decisions.stream().filter(decision::equals).count();
		}

		long admitted() {
			return this.decisions.size() - count(Decision.THROTTLED);
		}

	}

	/**
	 * Runs the senders from the current time for {@code seconds}: at each 100 ms slot the
	 * cycle ticks, then each sender whose rate puts a request in the slot sends one.
	 */
	private void run(int seconds, Sender... senders) {
		for (int slot = 0; slot < seconds * SLOTS_PER_SECOND; slot++) {
			this.cycle.tick();
			for (Sender sender : senders) {
				long due = (long) (slot + 1) * sender.perSecond() / SLOTS_PER_SECOND
						- (long) slot * sender.perSecond() / SLOTS_PER_SECOND;
				for (long i = 0; i < due; i++) {
					sender.decisions().add(this.engine.admit(sender.tenant(), this.db, 1).decision());
				}
			}
			this.time.advance(Duration.ofMillis(100));
		}
		this.cycle.tick();
	}

	private ShadowBucket bucket(String tenant) {
		return this.table.find(tenant, this.db, this.time.epochNanos());
	}

	@Test
	void aTenantWithNoForecastBurstingToFiveTimesItsRateIsToppedUpWithinFiveSeconds() {
		assemble();
		Sender burst = new Sender("burst", 10);

		run(4, burst);
		this.time.advance(Duration.ofMillis(900));
		this.cycle.tick();
		assertThat(bucket("burst")).as("no grant before the first window ends").isNull();
		this.time.advance(Duration.ofMillis(100));
		this.cycle.tick();

		// refused 40 - 2 - 7 = 31 of 40 in the 5 s window, plus the drained bucket's 2/s:
		// 8.2/s for the next 30 s
		assertThat(bucket("burst").granted()).isEqualTo(246);
	}

	@Test
	void aTenantWithNoForecastRidesOutABurstWhileCapacityIsIdle() {
		assemble();
		Sender burst = new Sender("burst", 10);

		run(60, burst);

		assertThat(burst.decisions()).hasSize(600);
		assertThat(burst.admitted()).as("admitted of 600").isGreaterThanOrEqualTo(540);
	}

	@Test
	void theSameBurstGetsNothingOfTheGrantsOthersSpend() {
		assemble(DeclaredPreallocation.always("owner", "db", 960));
		Sender burst = new Sender("burst", 10);
		Sender owner = new Sender("owner", 16);

		run(60, burst, owner);

		assertThat(burst.count(Decision.PREALLOCATED)).isZero();
		assertThat(burst.admitted()).as("the standard bucket's 2 + 2/s").isEqualTo(121);
		assertThat(owner.count(Decision.PREALLOCATED)).isEqualTo(960);
		assertThat(bucket("owner").granted()).isEqualTo(960);
	}

	@Test
	void aTopUpComesOnlyFromCapacityNoGrantHolds() {
		assemble(DeclaredPreallocation.always("owner", "db", 900));
		Sender burst = new Sender("burst", 10);
		Sender owner = new Sender("owner", 15);

		run(5, burst, owner);
		this.cycle.tick();

		assertThat(bucket("burst").granted()).as("960 reservable - 900 granted").isEqualTo(60);
		assertThat(bucket("owner").granted()).isEqualTo(900);
	}

	@Test
	void aTopUpStopsAtThePlansMaxPreallocation() {
		assemble();
		Sender capped = new Sender("capped-tenant", 10);

		run(30, capped);

		assertThat(bucket("capped-tenant").granted()).isEqualTo(100);
	}

	@Test
	void aGrantLeftIdleIsReleasedDownToItsPaceAtEachWindow() {
		assemble(DeclaredPreallocation.always("idle", "db", 960));

		// pace: ⌈peak × (L + max(W, S / 10)) / S⌉, here ⌈960 × (L + 6) / 60⌉
		run(5);
		assertThat(bucket("idle").granted()).as("at 5 s: pace ⌈960 × 61/60⌉, all").isEqualTo(960);
		run(5);
		assertThat(bucket("idle").granted()).as("at 10 s: pace ⌈960 × 56/60⌉").isEqualTo(896);
		run(5);
		assertThat(bucket("idle").granted()).as("at 15 s: pace ⌈960 × 51/60⌉").isEqualTo(816);
		assertThat(this.cycle.inStep().released(this.db)).isEqualTo(144);
	}

	@Test
	void aGrantSpentAtItsPaceIsNotReleased() {
		assemble(DeclaredPreallocation.always("steady", "db", 960));
		Sender steady = new Sender("steady", 16);

		run(59, steady);

		assertThat(bucket("steady").granted()).isEqualTo(960);
		assertThat(this.cycle.inStep().released(this.db)).isZero();
	}

	@Test
	void topUpsAreCounted() {
		assemble();

		run(6, new Sender("burst", 10));

		// refused 50 - 2 - 9 = 39 in the first 5 s: (7.8/s + 2/s) x 30 s
		assertThat(this.cycle.inStep().toppedUp(this.db)).isEqualTo(294);
	}

}
