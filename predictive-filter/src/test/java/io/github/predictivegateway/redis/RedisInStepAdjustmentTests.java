package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.DeclaredPreallocation;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.InStepAdjustment;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grants adjusted within their step in distributed mode: two gateway instances, each with
 * its own connection, its own cycle and engine, sharing the ledger, its pool and the
 * standard buckets in the test Redis ({@link RedisSharedPool}), in virtual time. The
 * numbers of the local tests ({@code InStepAdjustmentTests}): one step of 60 s, a backend
 * of 20 units/s, so 960 units reservable per step; the free plan's standard bucket admits
 * 2 units/s (burst 2). Every 100 ms slot both cycles tick, then the senders' requests go
 * to the two instances in turn; every ledger call is answered before the next slot.
 */
class RedisInStepAdjustmentTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private static final int SLOTS_PER_SECOND = 10;

	private final RedisFixture redis = new RedisFixture();

	private final ManualTimeSource time = new ManualTimeSource(STEP_START);

	private final Steps steps = new Steps(Duration.ofSeconds(60));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 20.0));

	private final ResourceType db = this.resources.get("db");

	private final PlanCatalog plans = new PlanCatalog(this.resources, Map.of("free",
			Map.of("db", ResourceLimit.of(2, 2)), "capped", Map.of("db", new ResourceLimit(2, 2, 100, 1))), "free",
			Map.of("capped-tenant", "capped"));

	private final List<Instance> instances = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	/** One gateway instance, its cycle ticked once. */
	private final class Instance {

		private final SettlingLedgerScripts ledger;

		private final PreallocationCycle cycle;

		private final AdmissionEngine engine;

		private final ShadowBucketTable table;

		Instance(DeclaredPreallocation... declared) {
			RedisFixture redis = RedisInStepAdjustmentTests.this.redis;
			RedisConnector connector = redis.connector();
			this.ledger = new SettlingLedgerScripts(new RedisLedgerScripts(connector));
			RedisLeases leases = redis.closeAfter(new RedisLeases(this.ledger, redis.keys(), RedisFixture.guard(),
					RedisInStepAdjustmentTests.this.steps, RedisInStepAdjustmentTests.this.time,
					RedisInStepAdjustmentTests.this.time::epochNanos, new LeaseSettings(2, Duration.ofSeconds(1)),
					new SimpleMeterRegistry(), false));
			AdmissionEngineBuilder parts = AdmissionEngineBuilder
				.of(RedisInStepAdjustmentTests.this.plans, RedisInStepAdjustmentTests.this.steps,
						RedisInStepAdjustmentTests.this.time)
				.standardBuckets(new RedisStandardBuckets(connector, redis.keys(),
						PlanCatalogs.of(RedisInStepAdjustmentTests.this.plans), RedisInStepAdjustmentTests.this.time,
						RedisFixture.guard(), 1000))
				.shadowBuckets(leases)
				.ledger(new RedisReservationLedger(new MaxMinFairLedger(), leases))
				.sharedPool(new RedisSharedPool(new RedisLedgerScripts(connector), leases))
				.forecasts(new DeclaredForecastSource(List.of(declared)))
				.lead(Duration.ZERO);
			this.table = parts.shadowBucketTable();
			this.cycle = parts.cycle();
			this.engine = parts.engine();
			tick();
		}

		void tick() {
			this.cycle.tick();
			settle();
		}

		void settle() {
			try {
				this.ledger.settle();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			inStep().settled().join();
		}

		long held(String tenant) {
			ShadowBucket bucket = this.table.find(tenant, RedisInStepAdjustmentTests.this.db,
					RedisInStepAdjustmentTests.this.time.epochNanos());
			return (bucket != null) ? bucket.remaining() : 0;
		}

		InStepAdjustment inStep() {
			return this.cycle.inStep();
		}

		Decision admit(String tenant) {
			Decision decision = this.engine.admitAsync(tenant, RedisInStepAdjustmentTests.this.db, 1).join().decision();
			settle();
			return decision;
		}

	}

	/**
	 * Two instances, after the step's ledger was installed with the declared grants and
	 * the rest of the reservable 960 as its pool, as by an instance that prepared the
	 * step first: each instance's first leases then find it (an instance that installs
	 * the ledger itself sends its first leases on the same connection as the install's
	 * later calls, from another thread, in either order).
	 */
	private void assemble(DeclaredPreallocation... declared) {
		Map<String, Long> grants = new HashMap<>();
		for (DeclaredPreallocation grant : declared) {
			grants.put(grant.tenant(), grant.units());
		}
		long pool = 960 - grants.values().stream().mapToLong(Long::longValue).sum();
		RedisLeases installer = this.redis.closeAfter(new RedisLeases(new RedisLedgerScripts(this.redis.connector()),
				this.redis.keys(), RedisFixture.guard(), this.steps, this.time, this.time::epochNanos,
				new LeaseSettings(2, Duration.ofSeconds(1)), new SimpleMeterRegistry(), false));
		assertThat(installer.install(this.step, this.db, grants, pool).join()).isTrue();
		this.instances.add(new Instance(declared));
		this.instances.add(new Instance(declared));
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
	 * Runs the senders from the current time for {@code seconds}: at each 100 ms slot
	 * both cycles tick, then each sender whose rate puts a request in the slot sends it,
	 * to the two instances in turn.
	 */
	private void run(int seconds, Sender... senders) {
		for (int slot = 0; slot < seconds * SLOTS_PER_SECOND; slot++) {
			this.instances.forEach(Instance::tick);
			for (Sender sender : senders) {
				long due = (long) (slot + 1) * sender.perSecond() / SLOTS_PER_SECOND
						- (long) slot * sender.perSecond() / SLOTS_PER_SECOND;
				for (long i = 0; i < due; i++) {
					Instance instance = this.instances.get(sender.decisions().size() % this.instances.size());
					sender.decisions().add(instance.admit(sender.tenant()));
				}
			}
			this.time.advance(Duration.ofMillis(100));
		}
		this.instances.forEach(Instance::tick);
	}

	private String field(String field) {
		return this.redis.redis().command("HGET", this.redis.keys().ledger(this.db, this.step), field);
	}

	private long toppedUp() {
		return this.instances.stream().mapToLong(instance -> instance.inStep().toppedUp(this.db)).sum();
	}

	private long held(String tenant) {
		return this.instances.stream().mapToLong(instance -> instance.held(tenant)).sum();
	}

	private long released() {
		return this.instances.stream().mapToLong(instance -> instance.inStep().released(this.db)).sum();
	}

	@Test
	void aTenantWithNoForecastBurstingAcrossTwoInstancesIsToppedUpWithinFiveSeconds() {
		assemble();
		Sender burst = new Sender("burst", 10);

		run(5, burst);

		// 50 requests in the 5 s window, 11 admitted by the shared standard bucket, 39
		// refused (20 at one instance, 19 at the other); each asks for its share of the
		// next 30 s at the pace it saw, ρ / 2 = 1 unit/s each for the drained bucket:
		// (20 / 5 + 1) × 30 + (19 / 5 + 1) × 30 = (39 / 5 + 2) × 30
		assertThat(burst.admitted()).isEqualTo(11);
		assertThat(this.instances.get(0).inStep().toppedUp(this.db)).isEqualTo(150);
		assertThat(this.instances.get(1).inStep().toppedUp(this.db)).isEqualTo(144);
		assertThat(field("+burst")).isEqualTo("294");
		assertThat(field("~")).as("960 reservable, nothing granted ahead").isEqualTo("666");
	}

	@Test
	void aTenantWithNoForecastBurstingAcrossTwoInstancesRidesOutTheBurstWhileCapacityIsIdle() {
		assemble();
		Sender burst = new Sender("burst", 10);

		run(60, burst);

		assertThat(burst.decisions()).hasSize(600);
		assertThat(burst.admitted()).as("admitted of 600").isEqualTo(561).isGreaterThanOrEqualTo(540);
		assertThat(burst.count(Decision.PREALLOCATED)).isEqualTo(550);
		assertThat(toppedUp()).isEqualTo(550);
		assertThat(field("~")).isEqualTo("410");
	}

	@Test
	void theSameBurstGetsNothingOfTheGrantsOthersSpend() {
		assemble(DeclaredPreallocation.always("owner-1", "db", 480),
				DeclaredPreallocation.always("owner-2", "db", 480));
		Sender burst = new Sender("burst", 10);
		Sender owner1 = new Sender("owner-1", 8);
		Sender owner2 = new Sender("owner-2", 8);

		run(59, burst, owner1, owner2);

		assertThat(burst.count(Decision.PREALLOCATED)).isZero();
		assertThat(burst.admitted()).as("the shared standard bucket's 2 + 2/s for 58.9 s").isEqualTo(119);
		assertThat(toppedUp()).isZero();
		assertThat(released()).as("grants spent at their pace").isZero();
		assertThat(field("~")).isEqualTo("0");
		assertThat(field("+burst")).isNull();
		for (Sender owner : List.of(owner1, owner2)) {
			assertThat(owner.count(Decision.PREALLOCATED)).as("every one of its 8/s for 59 s").isEqualTo(472);
			assertThat(
					Long.parseLong(field(owner.tenant())) + held(owner.tenant()) + owner.count(Decision.PREALLOCATED))
				.as("every unit of %s's grant in its field, in a lease or spent by it", owner.tenant())
				.isEqualTo(480);
		}
	}

	@Test
	void aGrantSpentAtItsPaceTakesNothingFromThePool() {
		assemble(DeclaredPreallocation.always("steady", "db", 480));
		Sender steady = new Sender("steady", 8);

		run(59, steady);
		// each instance's lease holds a chunk, not the 30 s its share needs: the rest of
		// its share is still in the tenant's field, and is leased, not topped up
		assertThat(steady.count(Decision.PREALLOCATED)).isEqualTo(472);
		assertThat(toppedUp()).isZero();
		assertThat(released()).isZero();
		assertThat(field("~")).as("960 reservable - 480 granted").isEqualTo("480");
		assertThat(field("+steady")).isNull();
	}

	@Test
	void aPoolTooShortForAnInstancesAsksIsSharedAmongThemFairly() {
		assemble(DeclaredPreallocation.always("owner", "db", 900));
		Sender owner = new Sender("owner", 15);
		Sender burstA = new Sender("burst-a", 10);
		Sender burstB = new Sender("burst-b", 10);

		run(5, owner, burstA, burstB);

		// the first instance asks for about 150 units for each burst, the pool holds 60:
		// half each; the second instance finds the pool empty
		assertThat(field("+burst-a")).isEqualTo("30");
		assertThat(field("+burst-b")).isEqualTo("30");
		assertThat(field("~")).isEqualTo("0");
		assertThat(this.instances.get(0).inStep().toppedUp(this.db)).isEqualTo(60);
		assertThat(this.instances.get(1).inStep().toppedUp(this.db)).isZero();
	}

	@Test
	void twoInstancesReleasingInTheSameWindowReleaseEachUnitOnce() {
		assemble(DeclaredPreallocation.always("idle", "db", 960));

		// each instance leased its first chunk, 48 units; pace ⌈960 × (L + 6) / 60⌉
		run(10);
		assertThat(field("idle")).as("at 10 s: pace 896, 864 in the ledger").isEqualTo("864");
		assertThat(field("~")).isEqualTo("0");
		run(5);
		assertThat(field("idle")).as("at 15 s: pace 816").isEqualTo("816");
		assertThat(field("~")).isEqualTo("48");
		run(5);
		assertThat(field("idle")).as("at 20 s: pace 736").isEqualTo("736");
		assertThat(field("~")).isEqualTo("128");
		assertThat(this.instances.get(0).inStep().released(this.db)).as("the first to run each window's release")
			.isEqualTo(128);
		assertThat(this.instances.get(1).inStep().released(this.db)).as("the second, in the same windows").isZero();
	}

	@Test
	void thePlansMaxPreallocationBoundsTopUpsAcrossBothInstances() {
		assemble();
		Sender capped = new Sender("capped-tenant", 10);

		run(30, capped);

		assertThat(field("+capped-tenant")).as("its max-preallocation, no grant ahead").isEqualTo("100");
		assertThat(toppedUp()).isEqualTo(100);
		assertThat(field("~")).isEqualTo("860");
	}

}
