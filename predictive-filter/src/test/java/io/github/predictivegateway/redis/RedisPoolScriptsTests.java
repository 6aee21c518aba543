package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared ledger's pool scripts ({@link RedisLedgerScripts#TOP_UP},
 * {@link RedisLedgerScripts#RELEASE}) and the pool the install stages, unit by unit in
 * the test Redis. The ledger of every test: acme 100 units and beta 50 installed, pool
 * 650 (reservable 800).
 */
class RedisPoolScriptsTests {

	private final RedisFixture redis = new RedisFixture();

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final long step = this.steps.indexOf(this.time.epochNanos());

	private final ResourceType db = new ResourceTypes(Map.of("db", 1000.0)).get("db");

	private final RedisLedgerScripts scripts = new RedisLedgerScripts(this.redis.connector());

	private final RedisLeases leases = instance();

	private RedisLeases instance() {
		return this.redis.closeAfter(new RedisLeases(this.scripts, this.redis.keys(), RedisFixture.guard(), this.steps,
				this.time, this.time::epochNanos, new LeaseSettings(2, Duration.ofSeconds(1)),
				new SimpleMeterRegistry(), false));
	}

	private final String ledger = this.redis.keys().ledger(this.db, this.step);

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	private void install() {
		assertThat(this.leases.install(this.step, this.db, Map.of("acme", 100L, "beta", 50L), 650).join()).isTrue();
	}

	private String field(String field) {
		return this.redis.redis().command("HGET", this.ledger, field);
	}

	private static List<byte[]> args(Object... values) {
		List<byte[]> args = new ArrayList<>();
		for (Object value : values) {
			args.add(value.toString().getBytes(StandardCharsets.UTF_8));
		}
		return args;
	}

	@Test
	void theInstallStagesThePoolWithTheGrants() {
		install();

		assertThat(field("~")).isEqualTo("650");
		assertThat(field("acme")).isEqualTo("100");
		assertThat(field("beta")).isEqualTo("50");
	}

	@Test
	void aLaterInstallLeavesThePoolAsTakenFrom() {
		install();
		this.scripts.topUp(this.ledger, 2, args("gamma", 30, -1)).join();

		assertThat(instance().install(this.step, this.db, Map.of("acme", 10L), 790).join())
			.as("another instance finds the ledger in place")
			.isFalse();

		assertThat(field("~")).isEqualTo("620");
		assertThat(field("acme")).isEqualTo("100");
	}

	@Test
	void aTopUpThePoolHoldsMovesEveryAskFromThePoolToTheTenantsTopUps() {
		install();

		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 150, -1, "gamma", 30, -1)).join())
			.containsExactly(1L, 520L, 100L, 30L);

		assertThat(field("~")).isEqualTo("520");
		assertThat(field("+acme")).isEqualTo("100");
		assertThat(field("+gamma")).isEqualTo("30");
		assertThat(field("acme")).as("the tenant's unleased grant is not touched").isEqualTo("100");
		assertThat(field("beta")).isEqualTo("50");
		assertThat(field("gamma")).isNull();
	}

	@Test
	void aTopUpThePoolCannotHoldMovesNothingAndTellsThePool() {
		install();

		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 650, -1, "gamma", 60, -1)).join())
			.containsExactly(0L, 650L, 600L, 60L);

		assertThat(field("~")).isEqualTo("650");
		assertThat(field("+acme")).isNull();
		assertThat(field("+gamma")).isNull();
	}

	@Test
	void anAskIsCutToTheTenantsCapLessItsTopUpsSoFar() {
		install();
		// each ask less acme's ⌊100 / 2⌋ not yet leased
		this.scripts.topUp(this.ledger, 2, args("acme", 80, 40)).join();

		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 75, 40)).join()).containsExactly(1L, 610L, 10L);
		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 75, 40)).join()).containsExactly(1L, 610L, 0L);

		assertThat(field("+acme")).isEqualTo("40");
		assertThat(field("~")).isEqualTo("610");
	}

	@Test
	void anAskIsFirstReducedByTheCallersShareOfItsTenantsGrantNotYetLeased() {
		install();
		assertThat(this.scripts.lease(this.ledger, "acme".getBytes(StandardCharsets.UTF_8), 40).join()).isEqualTo(40);

		// 60 of acme's 100 not leased, ⌊60 / 2⌋ = 30 of them this instance's: 45 - 30
		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 45, -1)).join()).containsExactly(1L, 635L, 15L);

		assertThat(field("acme")).as("the tenant's unleased grant is not touched").isEqualTo("60");
		assertThat(field("+acme")).isEqualTo("15");
	}

	@Test
	void aTopUpOfALedgerNotInstalledMovesNothing() {
		assertThat(this.scripts.topUp(this.ledger, 2, args("acme", 25, -1)).join()).containsExactly(0L, 0L);

		assertThat(this.redis.redis().command("EXISTS", this.ledger)).isEqualTo(":0");
	}

	@Test
	void aReleaseKeepsThePaceOfTheInstalledGrantAndItsTopUpsAndMovesTheRestToThePool() {
		install();
		this.scripts.topUp(this.ledger, 2, args("acme", 70, -1)).join();

		// acme: peak 100 + 20, keeps ⌈120 × 0.5⌉ = 60 of its 100; beta: keeps ⌈50 × 0.5⌉
		// = 25
		assertThat(this.scripts.release(this.ledger, 0.5, args("acme", 100, "beta", 50)).join()).isEqualTo(65);

		assertThat(field("acme")).isEqualTo("60");
		assertThat(field("beta")).isEqualTo("25");
		assertThat(field("~")).isEqualTo(String.valueOf(650 - 20 + 65));
	}

	@Test
	void theSameReleaseRunTwiceReleasesOnce() {
		install();

		assertThat(this.scripts.release(this.ledger, 0.25, args("acme", 100)).join()).isEqualTo(75);
		assertThat(this.scripts.release(this.ledger, 0.25, args("acme", 100)).join()).isZero();

		assertThat(field("acme")).isEqualTo("25");
		assertThat(field("~")).isEqualTo("725");
	}

	@Test
	void aFieldAtOrBelowItsPaceIsNotReleased() {
		install();
		assertThat(this.scripts.lease(this.ledger, "acme".getBytes(StandardCharsets.UTF_8), 45).join()).isEqualTo(45);

		// 55 left of 100, pace ⌈100 × 0.55⌉ = 55
		assertThat(this.scripts.release(this.ledger, 0.55, args("acme", 100)).join()).isZero();

		assertThat(field("acme")).isEqualTo("55");
		assertThat(field("~")).isEqualTo("650");
	}

	@Test
	void aReleaseOfALedgerNotInstalledMovesNothing() {
		assertThat(this.scripts.release(this.ledger, 0.5, args("acme", 100)).join()).isZero();

		assertThat(this.redis.redis().command("EXISTS", this.ledger)).isEqualTo(":0");
	}

}
