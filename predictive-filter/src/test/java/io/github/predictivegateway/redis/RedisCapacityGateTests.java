package io.github.predictivegateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.test.RedisTestServer;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances' gates on one shared Redis bucket, time frozen so the shared bucket
 * refills only when told.
 */
class RedisCapacityGateTests {

	private final RedisTestServer redis = RedisTestServer.shared();

	private final String prefix = RedisTestServer.newPrefix();

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:10Z"));

	private final ResourceType db = new ResourceTypes(Map.of("db", 100.0)).get("db");

	private final List<RedisConnector> connectors = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.connectors.forEach(RedisConnector::close);
		this.redis.deleteKeys(this.prefix);
	}

	private RedisCapacityGate gate() {
		RedisConnector connector = new RedisConnector(List.of(RedisURI.create(this.redis.host(), this.redis.port())),
				false, Duration.ofSeconds(2));
		this.connectors.add(connector);
		connector.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!connector.isConnected() && System.nanoTime() < deadline) {
			RedisTestServer.sleep(10);
		}
		return new RedisCapacityGate(connector, new RedisKeys(this.prefix), this.db, Duration.ofMillis(100), 2,
				Duration.ofMillis(500), this.time,
				new RedisGuard(Duration.ofSeconds(2), Duration.ofSeconds(1), 20, 5, new SimpleMeterRegistry()));
	}

	/**
	 * Tries both gates until neither admits anything for 1 s (leases are refilled in the
	 * background, and a loaded machine delayed one past a 300 ms window); returns how
	 * many units passed.
	 */
	private static int drain(RedisCapacityGate a, RedisCapacityGate b) {
		int admitted = 0;
		long quietSince = System.nanoTime();
		while (System.nanoTime() - quietSince < Duration.ofSeconds(1).toNanos()) {
			boolean any = false;
			for (RedisCapacityGate gate : List.of(a, b)) {
				if (gate.tryAcquire(1)) {
					admitted++;
					any = true;
				}
			}
			if (any) {
				quietSince = System.nanoTime();
			}
			else {
				RedisTestServer.sleep(2);
			}
		}
		return admitted;
	}

	@Test
	void twoInstancesShareOneGate() {
		RedisCapacityGate a = gate();
		RedisCapacityGate b = gate();
		// capacity 100/s with a 100 ms burst: the shared bucket holds 10 units
		int first = drain(a, b);
		assertThat(first).as("time frozen: only the shared bucket's 10 units, across both instances").isEqualTo(10);
		assertThat(a.leased() + b.leased()).isZero();

		this.time.advance(Duration.ofMillis(50));
		assertThat(drain(a, b)).as("50 ms at 100/s").isEqualTo(5);
		this.time.advance(Duration.ofSeconds(5));
		assertThat(drain(a, b)).as("never more than the bucket holds").isEqualTo(10);
	}

	@Test
	void releasedUnitsGoBackToTheLease() {
		RedisCapacityGate a = gate();
		drain(a, gate());
		assertThat(a.tryAcquire(1)).isFalse();
		a.release(2);
		assertThat(a.tryAcquire(2)).isTrue();
		assertThat(a.nanosUntilAvailable(1)).isPositive();
	}

}
