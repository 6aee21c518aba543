package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.ClusterUsage;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageAggregator;
import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway instances on one Redis, a balancer spreading one tenant's requests over
 * them round-robin, a forecast of 1000 [800, 1200] per step for the whole cluster: each
 * instance learns from the cluster's demand ({@link RedisClusterUsage}), so the
 * multiplier holds while the cluster's demand matches the forecast and bursts are the
 * cluster's. Without it (each instance on its own third) the multiplier slides to its
 * minimum. Engine time on a manual clock; each step's contributions are awaited before
 * the instances read the total.
 */
class ClusterDemandTests {

	private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private static final Forecast FORECAST = new Forecast(1000, 800, 1200);

	private final RedisFixture redis = new RedisFixture();

	private final ManualTimeSource time = new ManualTimeSource(START);

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10_000.0));

	private final ResourceType db = this.resources.get("db");

	private final List<Instance> instances = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	@Test
	void demandMatchingTheClusterForecastKeepsEveryInstancesMultiplierAtOne() {
		startInstances(true);
		for (int k = 0; k < 20; k++) {
			runStep(k, 1000);
			for (Instance instance : this.instances) {
				assertThat(instance.adjustment.multiplier(ACME)).as("m after step %d", k).isBetween(0.95, 1.05);
			}
		}
		assertThat(this.instances).allSatisfy(instance -> assertThat(instance.adjustment.bursts(ACME)).isZero());
	}

	@Test
	void threeStepsOfBurstAreCountedAsTheClustersThreeBursts() {
		startInstances(true);
		for (int k = 0; k < 3; k++) {
			runStep(k, 1500);
		}
		for (Instance instance : this.instances) {
			assertThat(instance.adjustment.bursts(ACME)).as("the cluster's bursts, seen alike by each").isEqualTo(3);
			assertThat(instance.adjustment.multiplier(ACME)).isEqualTo(1.25);
		}
	}

	@Test
	void eachInstanceOnItsOwnShareSlidesToTheMinimum() {
		startInstances(false);
		for (int k = 0; k < 20; k++) {
			runStep(k, 1000);
		}
		assertThat(this.instances)
			.allSatisfy(instance -> assertThat(instance.adjustment.multiplier(ACME)).isEqualTo(0.5));
	}

	@Test
	void theTotalAddsEveryInstancesRecordsAndARetriedContributionCountsOnce() {
		RedisClusterUsage a = clusterUsage();
		RedisClusterUsage b = clusterUsage();
		Instant stepStart = Instant.ofEpochSecond(0, this.steps.startNanos(7));
		StepUsage fromA = new StepUsage("café", "db", stepStart, 10, 8, 5, 2, 10.5, 100, 40.0, 9.0);
		StepUsage fromB = new StepUsage("café", "db", stepStart, 4, 4, 0, 0, 4.0, 50, 20.0, 12.0);
		a.contribute(7, List.of(fromA)).join();
		a.contribute(7, List.of(fromA)).join();
		b.contribute(7, List.of(fromB, new StepUsage("other", "db", stepStart, 1, 1, 0, 0, 1, 0, 0, 0))).join();

		assertThat(b.total(7).join()).containsExactlyInAnyOrder(
				new StepUsage("café", "db", stepStart, 14, 12, 5, 2, 14.5, 150, 60.0, 12.0),
				new StepUsage("other", "db", stepStart, 1, 1, 0, 0, 1, 0, 0, 0));
		assertThat(a.total(8).join()).as("a step nobody added to").isEmpty();
	}

	private void startInstances(boolean cluster) {
		for (int i = 0; i < 3; i++) {
			this.instances.add(new Instance(cluster ? new Awaited(clusterUsage()) : null));
		}
	}

	private RedisClusterUsage clusterUsage() {
		return new RedisClusterUsage(this.redis.connector(), this.redis.keys(), RedisFixture.guard(), this.steps);
	}

	/**
	 * Step {@code k}: the forecast, {@code demand} one-unit requests dealt round-robin,
	 * then the close (each instance adds its share), then, once every share is in, the
	 * learning.
	 */
	private void runStep(int k, int demand) {
		long step = this.steps.indexOf(START.getEpochSecond() * 1_000_000_000L) + k;
		this.time.set(Instant.ofEpochSecond(0, this.steps.startNanos(step) + 5_000_000_000L));
		for (Instance instance : this.instances) {
			instance.adjustment.expect(step, Map.of(ACME, FORECAST));
		}
		for (int i = 0; i < demand; i++) {
			this.instances.get(i % this.instances.size()).aggregator.record("acme", this.db, Decision.STANDARD, 1, 0);
		}
		this.time.set(Instant.ofEpochSecond(0, this.steps.startNanos(step + 1) + 2_000_000_000L));
		this.instances.forEach(instance -> instance.cycle.tick().block());
		this.instances.forEach(Instance::awaitContributions);
		this.time.set(Instant.ofEpochSecond(0, this.steps.startNanos(step + 1) + 4_000_000_000L));
		this.instances.forEach(instance -> instance.cycle.tick().block());
	}

	private final class Instance {

		final UsageAggregator aggregator = new UsageAggregator(ClusterDemandTests.this.steps,
				ClusterDemandTests.this.time, ClusterDemandTests.this.resources, 100);

		final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 3);

		final Awaited cluster;

		final UsageCycle cycle;

		Instance(Awaited cluster) {
			this.cluster = cluster;
			this.cycle = new UsageCycle(ClusterDemandTests.this.steps, ClusterDemandTests.this.time, this.aggregator,
					this.adjustment, null, Duration.ofSeconds(2), (step, records) -> {
					}, cluster);
		}

		void awaitContributions() {
			if (this.cluster != null) {
				this.cluster.await();
			}
		}

	}

	/** Keeps the contributions' futures, so that a test can wait for them. */
	private static final class Awaited implements ClusterUsage {

		private final ClusterUsage delegate;

		private final List<CompletableFuture<Void>> contributions = new ArrayList<>();

		Awaited(ClusterUsage delegate) {
			this.delegate = delegate;
		}

		@Override
		public synchronized CompletableFuture<Void> contribute(long step, List<StepUsage> records) {
			CompletableFuture<Void> contribution = this.delegate.contribute(step, records);
			this.contributions.add(contribution);
			return contribution;
		}

		@Override
		public CompletableFuture<List<StepUsage>> total(long step) {
			return this.delegate.total(step);
		}

		synchronized void await() {
			CompletableFuture.allOf(this.contributions.toArray(new CompletableFuture<?>[0])).join();
			this.contributions.clear();
		}

	}

}
