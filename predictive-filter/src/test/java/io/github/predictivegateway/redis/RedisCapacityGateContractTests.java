package io.github.predictivegateway.redis;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.gate.CapacityGate;
import io.github.predictivegateway.gate.CapacityGateContractTests;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity gate's contract for gates shared through Redis, one instance expected (its
 * chunks up to the whole gate), the shared bucket on the manual clock; then what sharing
 * adds, with two instances. A gate leases from the shared bucket in the background;
 * {@link #settle} waits for the lease in flight to be answered: a gate whose lease is
 * empty refuses at first, as the interface allows, and takes the units once its lease
 * arrived.
 */
class RedisCapacityGateContractTests extends CapacityGateContractTests {

	private final RedisFixture redis = fixture();

	/**
	 * The Redis this suite runs on: the test server here, the test Redis Cluster in the
	 * subclass that runs the same tests there. Called while the test is constructed.
	 */
	RedisFixture fixture() {
		return new RedisFixture();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	@Override
	protected CapacityGate gate(double capacity, Duration burst) {
		return gate(capacity, burst, 1);
	}

	private RedisCapacityGate gate(double capacity, Duration burst, int expectedInstances) {
		ResourceType db = new ResourceTypes(Map.of("db", capacity)).get("db");
		return new RedisCapacityGate(this.redis.connector(), this.redis.keys(), db, burst, expectedInstances,
				Duration.ofMillis(500), this.time, RedisFixture.guard());
	}

	/** Waits until the gate's lease in flight, if any, was answered and credited. */
	@Override
	protected void settle(CapacityGate gate) {
		AtomicBoolean leasing = leasing((RedisCapacityGate) gate);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (leasing.get()) {
			assertThat(System.nanoTime()).as("the lease was answered within 5 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	/**
	 * The gate's "lease in flight" flag, set before it asks Redis and cleared once the
	 * answer was credited: the only sign of it outside the class.
	 */
	private static AtomicBoolean leasing(RedisCapacityGate gate) {
		try {
			Field field = RedisCapacityGate.class.getDeclaredField("leasing");
			field.setAccessible(true);
			return (AtomicBoolean) field.get(gate);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("RedisCapacityGate no longer has its 'leasing' flag", ex);
		}
	}

	/**
	 * Takes 1 unit at a time from every gate until, after letting their leases finish,
	 * none has any; returns how many passed.
	 */
	private long drain(List<RedisCapacityGate> gates) {
		long taken = 0;
		for (;;) {
			long round = takeEach(gates);
			if (round == 0) {
				gates.forEach(this::settle);
				round = takeEach(gates);
				if (round == 0) {
					return taken;
				}
			}
			taken += round;
		}
	}

	private static long takeEach(List<RedisCapacityGate> gates) {
		long taken = 0;
		for (RedisCapacityGate gate : gates) {
			while (gate.tryAcquire(1)) {
				taken++;
			}
		}
		return taken;
	}

	@Test
	void twoInstancesShareOneGate() {
		RedisCapacityGate a = gate(100, Duration.ofMillis(100), 2);
		RedisCapacityGate b = gate(100, Duration.ofMillis(100), 2);

		assertThat(drain(List.of(a, b))).as("the shared bucket's 10 units, across both instances").isEqualTo(10);
		assertThat(a.leased() + b.leased()).isZero();
		this.time.advance(Duration.ofMillis(50));
		assertThat(drain(List.of(a, b))).as("50 ms at 100/s").isEqualTo(5);
		this.time.advance(Duration.ofSeconds(5));
		assertThat(drain(List.of(a, b))).as("never more than the bucket holds").isEqualTo(10);
	}

	@Test
	void releasedUnitsGoBackToTheInstancesLease() {
		RedisCapacityGate a = gate(100, Duration.ofMillis(100), 2);
		drain(List.of(a, gate(100, Duration.ofMillis(100), 2)));
		assertThat(a.tryAcquire(1)).isFalse();

		a.release(2);

		assertThat(a.leased()).isEqualTo(2);
		assertThat(a.tryAcquire(2)).as("from the lease, at once").isTrue();
		assertThat(a.nanosUntilAvailable(1)).isPositive();
	}

	@Test
	void unitsTakenWhileTheCircuitWasOpenGoBackToTheFallbackNotToTheLease() {
		RedisGuard guard = RedisFixture.guard();
		ResourceType db = new ResourceTypes(Map.of("db", 100.0)).get("db");
		RedisCapacityGate gate = new RedisCapacityGate(this.redis.connector(), this.redis.keys(), db,
				Duration.ofMillis(100), 1, Duration.ofMillis(500), this.time, guard);
		guard.circuitBreaker().transitionToForcedOpenState();
		assertThat(gate.tryAcquire(3)).as("from the local fallback's 10 units").isTrue();
		guard.circuitBreaker().transitionToClosedState();

		gate.release(3);

		assertThat(gate.leased()).as("nothing minted into the shared gate's lease").isZero();
		guard.circuitBreaker().transitionToForcedOpenState();
		int admitted = 0;
		while (gate.tryAcquire(1)) {
			admitted++;
		}
		assertThat(admitted).as("the fallback has all its 10 units again").isEqualTo(10);
	}

}
