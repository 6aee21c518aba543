package io.github.predictivegateway.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastTable;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.redis.ForecasterLeadership;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's forecaster survives its leader's death: three gateway instances on one
 * Redis without a sidecar, a gold tenant's requests spread round-robin at a steady rate,
 * and the leader dies the way {@code kill -9} kills it. In one JVM that is simulated: its
 * web server stops and its Redis connection is closed under it, so it neither renews nor
 * gives up its lease and sends Redis nothing more (no graceful close, no resignation;
 * {@code bench/cluster/leader-kill.sh} does the real {@code kill -9} with three jars).
 * The lease lapses and a survivor takes over within two steps, retrains at once on the
 * whole cluster's history (read from the usage stream) and publishes new forecasts, and
 * the grants go on step after step: both survivors hold the same grant for each step
 * (from the same forecasts), and the forecasts they come from are of the cluster's
 * demand, not of one survivor's share (a forecaster trained on one instance's usage
 * forecasts about a third of it). Compressed time: 20×, one 60 s step per 3 real seconds;
 * lease 2 s.
 */
@Timeout(150)
class ClusterForecasterFailoverTests {

	private static final SeriesKey SOMEONE = new SeriesKey("someone", "requests");

	private static final Duration STEP = Duration.ofSeconds(3);

	private final String prefix = "predictive-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<ConfigurableApplicationContext> live = new CopyOnWriteArrayList<>();

	private final AtomicBoolean sending = new AtomicBoolean(true);

	private final AtomicLong sent = new AtomicLong();

	@TempDir
	private Path dir;

	@AfterEach
	void close() {
		this.sending.set(false);
		this.instances.forEach(ConfigurableApplicationContext::close);
		TestRedis.shared().deleteKeys(this.prefix);
	}

	private ConfigurableApplicationContext start(int i) {
		TestRedis redis = TestRedis.shared();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--spring.profiles.active=demo", "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--spring.main.banner-mode=off", "--predictive.store=redis",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--predictive.redis.key-prefix=" + this.prefix, "--predictive.redis.expected-instances=3",
				"--predictive.redis.forecaster-lease=2s", "--predictive.time-scale=20",
				"--predictive.tenants.someone.plan=gold", "--predictive.forecast.refresh-interval=200ms",
				"--predictive.embedded.data-dir=" + this.dir.resolve("gw-" + i + "/data"),
				"--predictive.embedded.model-dir=" + this.dir.resolve("gw-" + i + "/models"),
				"--predictive.embedded.retrain-initial-delay=2s", "--predictive.embedded.retrain-interval=5m");
		this.instances.add(context);
		this.live.add(context);
		return context;
	}

	@Test
	void aLeaderKilledWithoutResigningIsReplacedWithinTwoStepsAndTheGrantsFollowTheClustersDemand() throws Exception {
		for (int i = 0; i < 3; i++) {
			start(i);
		}
		Thread sender = new Thread(this::sendSteadily, "failover-test-sender");
		sender.setDaemon(true);
		sender.start();
		await("exactly one leader", Duration.ofSeconds(10), () -> leaders(this.instances).size() == 1);
		ConfigurableApplicationContext leader = leaders(this.instances).get(0);
		await("every instance serving a forecast for the tenant", Duration.ofSeconds(40),
				() -> this.instances.stream().allMatch(context -> forecastOf(context) != null));
		long sentBefore = this.sent.get();
		long measuring = System.nanoTime();
		Thread.sleep(2 * STEP.toMillis());
		double demandPerStep = (this.sent.get() - sentBefore)
				/ ((System.nanoTime() - measuring) / (double) STEP.toNanos());
		Forecast before = forecastOf(leader);
		long epochBefore = leadership(leader).epoch();
		Long grantBefore = grantOf(leader, step(leader));

		Instant killed = Instant.now();
		kill(leader);
		List<ConfigurableApplicationContext> survivors = List.copyOf(this.live);
		long diedAt = System.nanoTime();
		await("a new leader among the survivors", Duration.ofSeconds(10), () -> leaders(survivors).size() == 1);
		Duration takeover = Duration.ofNanos(System.nanoTime() - diedAt);
		ConfigurableApplicationContext successor = leaders(survivors).get(0);
		await("forecasts the successor trained after the kill, served by both survivors", Duration.ofSeconds(20),
				() -> survivors.stream().allMatch(context -> generatedAfter(context, killed)));
		long firstStep = step(successor) + 1;
		Map<Long, List<Long>> grants = new TreeMap<>();
		for (long step = firstStep; step < firstStep + 3; step++) {
			long wanted = step;
			await("grants of step " + step + " on both survivors", Duration.ofSeconds(10),
					() -> survivors.stream().allMatch(context -> grantOf(context, wanted) != null));
			grants.put(step, survivors.stream().map(context -> grantOf(context, wanted)).toList());
		}
		Forecast after = forecastOf(successor);

		System.out
			.printf("leader failover: killed epoch %d, successor epoch %d after %d ms (%.2f steps); cluster demand %.1f "
					+ "per step; forecast mean before %.1f, after %.1f; grant before %d, per step after on the survivors %s%n",
					epochBefore, leadership(successor).epoch(), takeover.toMillis(),
					takeover.toNanos() / (double) STEP.toNanos(), demandPerStep, before.mean(), after.mean(),
					grantBefore, grants);
		assertThat(takeover).as("a survivor leads within two steps (6 s real)").isLessThan(STEP.multipliedBy(2));
		assertThat(leadership(successor).epoch()).as("the successor's fencing epoch").isGreaterThan(epochBefore);
		assertThat(grants.values()).as("each step's grant on both survivors, granted").allSatisfy(both -> {
			assertThat(both).hasSize(2).doesNotContainNull();
			assertThat(both.get(0)).isPositive();
			assertThat(both.get(1)).isPositive();
		});
		// the survivors need not agree to the unit: each prepares a step from the
		// snapshot
		// it read last, and the successor retrains and publishes on its own schedule (89
		// against 109, 114 against 88 in two clean runs); what must hold is below
		// the dead leader trained on the whole stream; one survivor's share of the usage
		// would forecast, and grant, about a third of it (the demand is the same before
		// and after the kill)
		assertThat(after.mean()).as("the successor's forecast against the dead leader's (%.1f)", before.mean())
			.isGreaterThan(0.6 * before.mean());
		assertThat(grantBefore).as("the tenant's grant in the step of the kill").isNotNull().isPositive();
		assertThat(grants.values()).as("each step's grant against the one before the kill (%d)", grantBefore)
			.allSatisfy(both -> assertThat(both)
				.allSatisfy(grant -> assertThat(grant).isGreaterThan((long) (0.6 * grantBefore))));
	}

	/**
	 * Requests of the tenant, one every 50 ms, round-robin over the live instances, until
	 * the test ends.
	 */
	private void sendSteadily() {
		for (long i = 0; this.sending.get(); i++) {
			List<ConfigurableApplicationContext> targets = this.live;
			ConfigurableApplicationContext target = targets.get((int) (i % targets.size()));
			try {
				int port = ((WebServerApplicationContext) target).getWebServer().getPort();
				WebClient.create("http://127.0.0.1:" + port)
					.get()
					.uri("/demo/hello")
					.header("X-Tenant-Id", "someone")
					.exchangeToMono(response -> response.releaseBody())
					.block(Duration.ofSeconds(5));
				this.sent.incrementAndGet();
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// an instance killed under a request: the next goes to a live one
			}
		}
	}

	/**
	 * As {@code kill -9} leaves it to the others: no more requests (its web server is
	 * gone), no more Redis traffic (its connection closed under it: no renewal, no
	 * resignation, no usage), while the lease it held stays in Redis until it lapses.
	 */
	private void kill(ConfigurableApplicationContext instance) {
		this.live.remove(instance);
		((WebServerApplicationContext) instance).getWebServer().stop();
		instance.getBean(RedisConnector.class).close();
	}

	private static ForecasterLeadership leadership(ConfigurableApplicationContext context) {
		return context.getBean(ForecasterLeadership.class);
	}

	private static List<ConfigurableApplicationContext> leaders(List<ConfigurableApplicationContext> among) {
		return among.stream().filter(context -> leadership(context).isLeader()).toList();
	}

	private static ForecastTable table(ConfigurableApplicationContext context) {
		return context.getBean(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE, SnapshotForecastSource.class)
			.table();
	}

	private static Forecast forecastOf(ConfigurableApplicationContext context) {
		ForecastTable table = table(context);
		return (table != null && table.series().containsKey(SOMEONE))
				? table.series().get(SOMEONE).values().iterator().next() : null;
	}

	private static boolean generatedAfter(ConfigurableApplicationContext context, Instant instant) {
		ForecastTable table = table(context);
		return table != null && table.generatedAt().isAfter(instant) && table.series().containsKey(SOMEONE);
	}

	private static long step(ConfigurableApplicationContext context) {
		return context.getBean(Steps.class).indexOf(context.getBean(TimeSource.class).epochNanos());
	}

	/** The tenant's grant for {@code step} as this instance prepared it, or null. */
	private static Long grantOf(ConfigurableApplicationContext context, long step) {
		StepGrants grants = context.getBean(ShadowBucketTable.class).installed(step);
		if (grants == null) {
			return null;
		}
		ShadowBucket bucket = grants.shadowBucket(SOMEONE.tenant(),
				context.getBean(ResourceTypes.class).get(SOMEONE.resource()));
		return (bucket != null) ? bucket.granted() : 0L;
	}

	private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
