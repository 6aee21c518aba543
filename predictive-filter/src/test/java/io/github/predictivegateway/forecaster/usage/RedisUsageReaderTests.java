package io.github.predictivegateway.forecaster.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
 * Usage from gateways ({@link RedisUsageSink}) through a real Redis to a sidecar's
 * history ({@link RedisUsageReader}). Steps of 60 s; the sidecar's clock at 09:10, the
 * records' steps from 09:00.
 */
class RedisUsageReaderTests {

	private static final Instant NINE = Instant.parse("2026-11-30T09:00:00Z");

	private static final SeriesKey ACME = new SeriesKey("acme", "requests");

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T09:10:00Z"), ZoneOffset.UTC);

	private final List<UsageStore> stores = new ArrayList<>();

	@TempDir
	Path dataDir;

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
	void cleanUp() throws Exception {
		for (UsageStore store : this.stores) {
			store.close();
		}
		this.connection.close();
		this.client.shutdown();
		this.connector.close();
		this.redis.deleteKeys(this.prefix);
	}

	private RedisUsageSink sink() {
		return sink(1000);
	}

	private RedisUsageSink sink(long maxEntries) {
		return new RedisUsageSink(this.connector, new RedisKeys(this.prefix),
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()),
				maxEntries);
	}

	/** A sidecar's intake: its own store and stream position in {@code dataDir}. */
	private RedisUsageReader reader(Path dataDir) {
		UsageStore store = UsageStore.open(dataDir, new UsageHistory(60, 120, 10_000), 1 << 20);
		this.stores.add(store);
		return new RedisUsageReader(this.connection.sync(), UsageStreamPosition.open(dataDir, sink().stream()),
				new UsageValidator(60, 10_000, this.clock), store, 100);
	}

	private static StepUsage usage(String tenant, int minute, long attempted) {
		return new StepUsage(tenant, "requests", NINE.plusSeconds(60L * minute), attempted, attempted, 0, 0, attempted,
				0, 0, 0);
	}

	private static double demand(UsageStore store, int minute) {
		return store.history()
			.demand(ACME, NINE.getEpochSecond() / 60 + minute, NINE.getEpochSecond() / 60 + minute + 1)[0];
	}

	@Test
	void everyInstancesShareOfAStepIsSummed() {
		RedisUsageReader reader = reader(this.dataDir);
		sink().publish("gw-a", List.of(usage("acme", 0, 7))).block();
		sink().publish("gw-b", List.of(usage("acme", 0, 5))).block();

		RedisUsageReader.Polled polled = reader.poll();

		assertThat(polled.entries()).isEqualTo(2);
		assertThat(polled.applied().added()).isEqualTo(2);
		assertThat(demand(this.stores.get(0), 0)).isEqualTo(12.0);
	}

	@Test
	void aBatchAddedTwiceCountsOnce() {
		RedisUsageReader reader = reader(this.dataDir);
		List<StepUsage> batch = List.of(usage("acme", 0, 7));
		sink().publish("gw-a", batch).block();
		sink().publish("gw-a", batch).block();

		RedisUsageReader.Polled polled = reader.poll();

		assertThat(polled.applied().added()).isEqualTo(1);
		assertThat(polled.applied().replaced()).isEqualTo(1);
		assertThat(demand(this.stores.get(0), 0)).isEqualTo(7.0);
	}

	@Test
	void aRestartedSidecarResumesAfterTheLastEntryItStored() throws Exception {
		RedisUsageReader before = reader(this.dataDir);
		sink().publish("gw-a", List.of(usage("acme", 0, 7))).block();
		before.poll();
		this.stores.remove(0).close();
		sink().publish("gw-a", List.of(usage("acme", 1, 4))).block();

		RedisUsageReader after = reader(this.dataDir);
		RedisUsageReader.Polled polled = after.poll();

		assertThat(polled.entries()).as("only the entry added since").isEqualTo(1);
		assertThat(polled.missed()).isFalse();
		assertThat(demand(this.stores.get(0), 0)).as("replayed from the journal").isEqualTo(7.0);
		assertThat(demand(this.stores.get(0), 1)).isEqualTo(4.0);
	}

	@Test
	void aSidecarReadingAgainFromTheStartCountsNothingTwice() throws Exception {
		sink().publish("gw-a", List.of(usage("acme", 0, 7))).block();
		sink().publish("gw-b", List.of(usage("acme", 0, 5))).block();
		RedisUsageReader reader = reader(this.dataDir);
		reader.poll();
		// a crash after journaling but before the position was saved: the position file
		// is lost
		Files.delete(this.dataDir.resolve(UsageStreamPosition.FILE));
		RedisUsageReader again = new RedisUsageReader(this.connection.sync(),
				UsageStreamPosition.open(this.dataDir, sink().stream()), new UsageValidator(60, 10_000, this.clock),
				this.stores.get(0), 100);

		RedisUsageReader.Polled polled = again.poll();

		assertThat(polled.entries()).isEqualTo(2);
		assertThat(polled.applied().replaced()).isEqualTo(2);
		assertThat(demand(this.stores.get(0), 0)).isEqualTo(12.0);
	}

	@Test
	void anInvalidEntryIsSkippedAndTheStreamGoesOn() {
		RedisUsageReader reader = reader(this.dataDir);
		this.redis.command("XADD", sink().stream(), "*", "batch", "{\"instance\":\"gw-x\",\"records\":[{}]}");
		this.redis.command("XADD", sink().stream(), "*", "other", "field");
		sink().publish("gw-a", List.of(usage("acme", 0, 7))).block();

		RedisUsageReader.Polled polled = reader.poll();

		assertThat(polled.entries()).isEqualTo(3);
		assertThat(polled.invalid()).isEqualTo(2);
		assertThat(demand(this.stores.get(0), 0)).isEqualTo(7.0);
		assertThat(reader.poll().entries()).as("nothing new").isZero();
	}

	@Test
	void readsAtMostTheConfiguredNumberOfEntriesAtATime() {
		UsageStore store = UsageStore.open(this.dataDir, new UsageHistory(60, 120, 10_000), 1 << 20);
		this.stores.add(store);
		RedisUsageReader reader = new RedisUsageReader(this.connection.sync(),
				UsageStreamPosition.open(this.dataDir, sink().stream()), new UsageValidator(60, 10_000, this.clock),
				store, 2);
		for (int minute = 0; minute < 3; minute++) {
			sink().publish("gw-a", List.of(usage("acme", minute, 1))).block();
		}

		assertThat(reader.poll().entries()).isEqualTo(2);
		assertThat(reader.poll().entries()).isEqualTo(1);
	}

	@Test
	void aStreamTrimmedPastTheSidecarsPositionIsReported() {
		RedisUsageReader reader = reader(this.dataDir);
		sink(2).publish("gw-a", List.of(usage("acme", 0, 1))).block();
		reader.poll();
		// three more entries on a stream keeping 2: the entry read and the next one,
		// never read, are trimmed
		for (int minute = 1; minute <= 3; minute++) {
			sink(2).publish("gw-a", List.of(usage("acme", minute, 1))).block();
		}

		RedisUsageReader.Polled polled = reader.poll();

		assertThat(polled.entries()).isEqualTo(2);
		assertThat(polled.missed()).isTrue();
		assertThat(reader.missedReads()).isEqualTo(1);
	}

	@Test
	void aStreamStillHoldingTheSidecarsPositionReportsNothingMissed() {
		RedisUsageReader reader = reader(this.dataDir);
		sink(2).publish("gw-a", List.of(usage("acme", 0, 1))).block();
		reader.poll();
		sink(2).publish("gw-a", List.of(usage("acme", 1, 1))).block();

		assertThat(reader.poll().missed()).isFalse();
	}

	@Test
	void streamIdsAreOrderedByTimeThenSequence() {
		assertThat(RedisUsageReader.compare("1700000000000-5", "1700000000000-12")).isNegative();
		assertThat(RedisUsageReader.compare("1700000000001-0", "1700000000000-12")).isPositive();
		assertThat(RedisUsageReader.compare("0-0", "0-0")).isZero();
	}

}
