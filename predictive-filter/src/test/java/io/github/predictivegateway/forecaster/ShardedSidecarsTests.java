package io.github.predictivegateway.forecaster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.snapshot.ForecastSnapshots;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecaster.training.TenantShard;
import io.github.predictivegateway.forecaster.usage.RedisUsageReader;
import io.github.predictivegateway.forecaster.usage.UsageStreamPosition;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.redis.RedisGuard;
import io.github.predictivegateway.redis.RedisKeys;
import io.github.predictivegateway.redis.RedisUsageSink;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances publish usage to one Redis; two sidecar engines (each its own
 * data directory, one shared model directory) read it all, train one shard each ("acme"
 * is shard 0 of 2, CRC32 96778814; "beta" shard 1, CRC32 2408645731), and both serve
 * forecasts for both tenants. Three days of 5-minute steps, seeded.
 */
class ShardedSidecarsTests {

	private static final long STEP = 300;

	private static final int STEPS = 288 * 3;

	private static final Instant END = Instant.ofEpochSecond(20_000 * 288 * STEP + STEPS * STEP);

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private final Clock clock = Clock.fixed(END, ZoneOffset.UTC);

	private final List<UsageStore> stores = new ArrayList<>();

	@TempDir
	Path root;

	private RedisConnector connector;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.connector = new RedisConnector(List.of(RedisURI.create(this.redis.host(), this.redis.port())), false,
				Duration.ofSeconds(2));
		this.connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		this.client = RedisClient.create(RedisURI.create(this.redis.host(), this.redis.port()));
		this.connection = this.client.connect();
	}

	@AfterEach
	void cleanUp() throws IOException {
		for (UsageStore store : this.stores) {
			store.close();
		}
		this.connection.close();
		this.client.shutdown();
		this.connector.close();
		this.redis.deleteKeys(this.prefix);
	}

	/**
	 * One sidecar's engine, as forecast-sidecar wires it with sidecar.usage.source=redis
	 * and sidecar.shard.*.
	 */
	private final class Sidecar {

		final UsageStore store;

		final RedisUsageReader reader;

		final ModelLoader loader;

		final Retrainer retrainer;

		final ForecastSnapshots snapshots;

		Sidecar(String name, int shard) {
			Path dataDir = ShardedSidecarsTests.this.root.resolve(name);
			Clock clock = ShardedSidecarsTests.this.clock;
			this.store = UsageStore.open(dataDir, new UsageHistory(STEP, 24, STEPS * 2), 1 << 24);
			ShardedSidecarsTests.this.stores.add(this.store);
			this.reader = new RedisUsageReader(ShardedSidecarsTests.this.connection.sync(),
					UsageStreamPosition.open(dataDir, new RedisKeys(ShardedSidecarsTests.this.prefix).usageStream()),
					new UsageValidator(STEP, 10_000, clock), this.store, 100);
			ModelRepository models = new ModelRepository(ShardedSidecarsTests.this.root.resolve("shared-models"));
			this.loader = new ModelLoader(models, (int) STEP);
			this.retrainer = new Retrainer(this.store.history(), models, this.loader,
					TrainingOptions.builder().clock(clock).build(), new LeadLagDetector(12, 0.1), clock, STEPS * 2,
					0.02, new TenantShard(shard, 2));
			this.snapshots = new ForecastSnapshots(this.store.history(), this.loader, clock, 12, 288);
		}

	}

	/**
	 * Both tenants' usage, split over two gateway instances, published step after step.
	 */
	private void publish() {
		RedisUsageSink sink = new RedisUsageSink(this.connector, new RedisKeys(this.prefix),
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()), 1000);
		Random random = new Random(42);
		long first = END.getEpochSecond() / STEP - STEPS;
		for (String instance : List.of("gw-a", "gw-b")) {
			List<StepUsage> batch = new ArrayList<>();
			for (long step = first; step < first + STEPS; step++) {
				for (String tenant : List.of("acme", "beta")) {
					double level = 20 * (1.5 + Math.sin(2 * Math.PI * Math.floorMod(step, 288) / 288.0));
					long count = Math.max(0, Math.round(level + Math.sqrt(level) * random.nextGaussian()));
					batch.add(new StepUsage(tenant, "requests", Instant.ofEpochSecond(step * STEP), count, count, 0, 0,
							count, 0, 0, 0));
				}
				if (batch.size() == 1000) {
					sink.publish(instance, batch).block();
					batch = new ArrayList<>();
				}
			}
			sink.publish(instance, batch).block();
		}
	}

	private static void readAll(Sidecar sidecar) {
		while (sidecar.reader.poll().entries() > 0) {
			// until the stream has nothing new
		}
	}

	@Test
	void bothSidecarsReadEveryInstancesUsage() {
		publish();
		Sidecar first = new Sidecar("sidecar-0", 0);
		Sidecar second = new Sidecar("sidecar-1", 1);

		readAll(first);
		readAll(second);

		SeriesKey acme = new SeriesKey("acme", "requests");
		long from = END.getEpochSecond() / STEP - STEPS;
		double[] seen = first.store.history().demand(acme, from, from + STEPS);
		assertThat(seen).containsExactly(second.store.history().demand(acme, from, from + STEPS));
		assertThat(first.store.history().series()).containsExactlyInAnyOrder(acme, new SeriesKey("beta", "requests"));
	}

	@Test
	void eachSidecarTrainsItsShardAndBothServeEverySeries() {
		publish();
		Sidecar first = new Sidecar("sidecar-0", 0);
		Sidecar second = new Sidecar("sidecar-1", 1);
		readAll(first);
		readAll(second);

		List<Retrainer.Outcome> trainedByFirst = first.retrainer.retrainAll();
		List<Retrainer.Outcome> trainedBySecond = second.retrainer.retrainAll();
		first.loader.refresh();

		assertThat(trainedByFirst).extracting(o -> o.series().tenant()).containsExactly("acme");
		assertThat(trainedBySecond).extracting(o -> o.series().tenant()).containsExactly("beta");
		assertThat(first.snapshots.current().seriesCount()).isEqualTo(2);
		assertThat(second.snapshots.current().seriesCount()).isEqualTo(2);
	}

}
