package io.github.predictivegateway.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.autoconfigure.redis.PredictiveRedisAutoConfiguration;
import io.github.predictivegateway.filter.StoreFailover;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.redis.RedisStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans from a watched file ({@code predictive.plans-file}), on a manual clock: a valid
 * change is picked up by the next poll without resetting the tokens tenants hold, in
 * local mode and in Redis mode (shared buckets, fail-open fallback, pre-allocation
 * cycle); an invalid one is logged naming the property and the plans in force stay. The
 * poll is called directly (the watch task's interval is an hour), so nothing waits for
 * real time.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlansFileTests {

	private static final String GOLD_100 = """
			predictive:
			  default-plan: free
			  plans:
			    free: { db: { rate: 5, burst: 10 } }
			    gold: { db: { rate: 50, burst: 100 } }
			  tenants:
			    acme: { plan: gold }
			""";

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	@TempDir
	Path dir;

	private int edits;

	private ApplicationContextRunner runner(Path file) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PredictiveAutoConfiguration.class))
			.withUserConfiguration(PredictiveAutoConfigurationTests.GatewayRoutes.class)
			.withBean(TimeSource.class, () -> this.time)
			.withPropertyValues("predictive.capacity.db=500", "predictive.plans-file=" + file,
					"predictive.plans-file-poll=1h");
	}

	private void write(Path file, String yaml) throws IOException {
		Files.writeString(file, yaml);
		// a distinct modification time for every edit, whatever the file system's
		// resolution
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++this.edits)));
	}

	private static long admit(ConfigurableApplicationContext context, String tenant, long cost) {
		ResourceType db = context.getBean(ResourceTypes.class).get("db");
		return context.getBean(AdmissionEngine.class).admitAsync(tenant, db, cost).join().remaining();
	}

	/**
	 * Runs {@code test} in Redis mode on the test Redis, keys under a prefix of its own
	 * (deleted after), with exact shared buckets (every decision a compare-and-swap), two
	 * expected instances (the fail-open fallback holds half of each plan), a timeout that
	 * a cold first call cannot exceed, and {@code properties}.
	 */
	private void runInRedisMode(Path file, ContextConsumer<AssertableApplicationContext> test, String... properties) {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		try {
			runner(file)
				.withConfiguration(
						AutoConfigurations.of(DataRedisAutoConfiguration.class, PredictiveRedisAutoConfiguration.class))
				.withPropertyValues("predictive.store=redis", "spring.data.redis.host=" + redis.host(),
						"spring.data.redis.port=" + redis.port(), "predictive.redis.key-prefix=" + prefix,
						"predictive.redis.unsynchronized-share=0", "predictive.redis.expected-instances=2",
						"predictive.redis.timeout=2s")
				.withPropertyValues(properties)
				.run(test);
		}
		finally {
			redis.deleteKeys(prefix);
		}
	}

	private static void awaitRedis(ConfigurableApplicationContext context) {
		RedisConnector connector = context.getBean(RedisConnector.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		assertThat(connector.isConnected()).as("connected to Redis").isTrue();
	}

	private void raiseGold(Path file, ConfigurableApplicationContext context) throws IOException {
		write(file,
				GOLD_100.replace("gold: { db: { rate: 50, burst: 100 } }", "gold: { db: { rate: 100, burst: 200 } }"));
		context.getBean(PlansFile.class).poll();
	}

	@Test
	void aChangedPlanIsPickedUpLiveWithoutResettingTokens() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100);
		runner(file).run(context -> {
			assertThat(context).hasNotFailed();
			raiseGoldMidWindow(file, context);
		});
	}

	/**
	 * acme spends 30 of gold's 100, other 4 of free's 10; then gold goes from 50/s, burst
	 * 100 to 100/s, 200.
	 */
	private void raiseGoldMidWindow(Path file, ConfigurableApplicationContext context) throws IOException {
		assertThat(admit(context, "acme", 30)).isEqualTo(70);
		assertThat(admit(context, "other", 4)).isEqualTo(6);

		raiseGold(file, context);

		// the 70 tokens stay (not reset to 200, not scaled to 140); then the new rate: 1
		// s x 100/s
		assertThat(admit(context, "acme", 1)).isEqualTo(69);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(admit(context, "acme", 1)).isEqualTo(168);
		assertThat(context.getBean(AdmissionEngine.class)
			.admitAsync("acme", context.getBean(ResourceTypes.class).get("db"), 1)
			.join()
			.limit()
			.burst()).isEqualTo(200);
		// free did not change: 6 + 5/s x 1 s, capped at 10
		assertThat(admit(context, "other", 1)).isEqualTo(9);
	}

	@Test
	void inRedisModeAChangedPlanReachesTheSharedBucketsWithoutResettingTokens() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100);
		runInRedisMode(file, context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(StandardBuckets.class)).isInstanceOf(RedisStandardBuckets.class);
			awaitRedis(context);
			raiseGoldMidWindow(file, context);
		});
	}

	@Test
	void inRedisModeAChangedPlanReachesTheFailOpenFallbackBuckets() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100);
		runInRedisMode(file, context -> {
			AdmissionEngine engine = context.getBean(AdmissionEngine.class);
			StoreFailover failover = context.getBean(StoreFailover.class);
			ResourceType db = context.getBean(ResourceTypes.class).get("db");
			// half of gold (two expected instances): burst 50, 25/s
			assertThat(failover.admitLocally(engine, "acme", db, 30).join().remaining()).isEqualTo(20);

			raiseGold(file, context);

			// half of the new gold: burst 100, 50/s; the 20 tokens stay
			assertThat(failover.admitLocally(engine, "acme", db, 1).join().remaining()).isEqualTo(19);
			this.time.advance(Duration.ofSeconds(1));
			assertThat(failover.admitLocally(engine, "acme", db, 1).join().remaining()).isEqualTo(68);
		});
	}

	@Test
	void inRedisModeTheNextPreparedStepUsesTheChangedMaxPreallocation() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		String capped = GOLD_100.replace("gold: { db: { rate: 50, burst: 100 } }",
				"gold: { db: { rate: 50, burst: 100, max-preallocation: 100 } }");
		write(file, capped);
		runInRedisMode(file, context -> {
			awaitRedis(context);
			ShadowBucketTable table = context.getBean(ShadowBucketTable.class);
			PreallocationCycle cycle = context.getBean(PreallocationCycle.class);
			ResourceType db = context.getBean(ResourceTypes.class).get("db");
			long step = context.getBean(Steps.class).indexOf(this.time.epochNanos());
			cycle.tick();
			assertThat(table.installed(step).shadowBucket("acme", db).granted()).isEqualTo(100);

			write(file, capped.replace("max-preallocation: 100", "max-preallocation: 300"));
			context.getBean(PlansFile.class).poll();
			this.time.advance(Duration.ofSeconds(56));
			cycle.tick();

			assertThat(table.installed(step + 1).shadowBucket("acme", db).granted()).isEqualTo(300);
		}, "predictive.tenants.acme.preallocations[0].resource=db",
				"predictive.tenants.acme.preallocations[0].units=500");
	}

	@Test
	void aBrokenPlansFileIsRejectedAndTheOldPlansStay(CapturedOutput output) throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100);
		runner(file).run(context -> {
			PlansFile plansFile = context.getBean(PlansFile.class);
			PlanCatalogs catalogs = context.getBean(PlanCatalogs.class);
			ResourceType db = context.getBean(ResourceTypes.class).get("db");
			assertThat(admit(context, "acme", 30)).isEqualTo(70);

			write(file, GOLD_100.replace("rate: 50", "rate: -50"));
			plansFile.poll();
			assertThat(output).contains("predictive.plans.gold.db.rate is -50.0; it must be set to a positive number");

			write(file, GOLD_100.replace("acme: { plan: gold }", "acme: { plan: platinum }"));
			plansFile.poll();
			assertThat(output).contains("predictive.tenants.acme.plan is 'platinum', which is not defined");

			write(file, GOLD_100.replace("gold: { db:", "gold: { dbx:"));
			plansFile.poll();
			assertThat(output).contains("predictive.plans.gold.dbx names resource type 'dbx', which is not declared");

			assertThat(catalogs.get().limitFor("acme", db).burst()).isEqualTo(100);
			assertThat(admit(context, "acme", 1)).isEqualTo(69);
		});
	}

	@Test
	void aPlansMaxRateIsReadFromTheFileAndAnUnsetOneIsTheRate() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100.replace("gold: { db: { rate: 50, burst: 100 } }",
				"gold: { db: { rate: 50, burst: 100, max-rate: 200 } }"));
		runner(file).run(context -> {
			assertThat(context).hasNotFailed();
			ResourceType db = context.getBean(ResourceTypes.class).get("db");
			PlanCatalogs plans = context.getBean(PlanCatalogs.class);
			assertThat(plans.get().limitFor("acme", db).maxRate()).isEqualTo(200.0);
			assertThat(plans.get().limitFor("other", db).maxRate()).as("free sets none: its rate, no lift")
				.isEqualTo(5.0);
		});
	}

	@Test
	void aMaxRateBelowTheRateInThePlansFileStopsStartUpNamingThePlanAndResource() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100.replace("gold: { db: { rate: 50, burst: 100 } }",
				"gold: { db: { rate: 50, burst: 100, max-rate: 20 } }"));
		runner(file).run(context -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("predictive.plans.gold.db.max-rate is 20.0, below its rate 50.0; "
					+ "the max-rate must be at least the rate (leave it unset for no lift)"));
	}

	@Test
	void aBrokenPlansFileStopsStartUp() throws IOException {
		Path file = this.dir.resolve("plans.yml");
		write(file, GOLD_100.replace("default-plan: free", "default-plan: bronze"));
		runner(file).run(context -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("predictive.default-plan is 'bronze'"));
	}

}
