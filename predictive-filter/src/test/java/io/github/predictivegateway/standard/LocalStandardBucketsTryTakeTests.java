package io.github.predictivegateway.standard;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalStandardBuckets#tryTake} and {@code nanosToWait}, the engine's
 * allocation-free way into a bucket in memory, on a manual clock: they answer what
 * {@code tryConsumeNow}'s probe would, and take each unit once under concurrent use.
 */
class LocalStandardBucketsTryTakeTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 1000.0));

	private final ResourceType db = this.resources.get("db");

	private final LocalStandardBuckets buckets = new LocalStandardBuckets(new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", ResourceLimit.of(2, 10)), "big", Map.of("db", ResourceLimit.of(1, 1000))),
			"free", Map.of("crowd", "big")), this.time, 100);

	@Test
	void returnsTheUnitsLeftAfterTakingTheCost() {
		assertThat(this.buckets.tryTake("acme", this.db, 3)).isEqualTo(7);
		assertThat(this.buckets.tryTake("acme", this.db, 7)).isZero();
		assertThat(this.buckets.availableTokens("acme", this.db)).isZero();
	}

	@Test
	void takesNothingWhenTheBucketHoldsLessThanTheCost() {
		this.buckets.tryTake("acme", this.db, 8);

		assertThat(this.buckets.tryTake("acme", this.db, 3)).isNegative();
		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(2);
	}

	@Test
	void aRefusalTellsWhatTheBucketHolds() {
		this.buckets.tryTake("acme", this.db, 8);

		long refused = this.buckets.tryTake("acme", this.db, 3);

		assertThat(refused).isEqualTo(-3);
		assertThat(ImmediateStandardBuckets.heldWhenRefused(refused)).isEqualTo(2);
	}

	@Test
	void aRefusalOfAnEmptyBucketIsMinusOne() {
		this.buckets.tryTake("acme", this.db, 10);

		assertThat(this.buckets.tryTake("acme", this.db, 1)).isEqualTo(-1);
	}

	@Test
	void theWaitCountsThePartOfAUnitAlreadyRefilled() {
		// 2 units/s, so a unit every 500 ms: 3 units short, 100 ms after the bucket was
		// emptied
		this.buckets.tryTake("acme", this.db, 10);
		this.time.advance(Duration.ofMillis(100));

		assertThat(this.buckets.bucket("acme", this.db).nanosToWait(3)).isEqualTo(1_400_000_000L);
	}

	@Test
	void theWaitIsZeroWhenTheBucketHoldsTheCost() {
		assertThat(this.buckets.bucket("acme", this.db).nanosToWait(10)).isZero();
	}

	@Test
	void theWaitForMoreThanTheBurstIsUnbounded() {
		assertThat(this.buckets.bucket("acme", this.db).nanosToWait(11)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void theWaitAgreesWithTheProbeOfTryConsumeNow() {
		this.buckets.tryTake("acme", this.db, 9);
		this.buckets.tryConsumeNow("globex", this.db, 9);
		this.time.advance(Duration.ofMillis(337));

		assertThat(this.buckets.bucket("acme", this.db).nanosToWait(4))
			.isEqualTo(this.buckets.tryConsumeNow("globex", this.db, 4).getNanosToWaitForRefill())
			.isEqualTo(1_163_000_000L);
	}

	@Test
	void askingForTheWaitTakesNothing() {
		this.buckets.tryTake("acme", this.db, 9);

		this.buckets.bucket("acme", this.db).nanosToWait(4);

		assertThat(this.buckets.availableTokens("acme", this.db)).isEqualTo(1);
	}

	@Test
	void takesWhatTheBucketRefilledAtThePlanRate() {
		this.buckets.tryTake("acme", this.db, 10);
		this.time.advance(Duration.ofMillis(1500));

		assertThat(this.buckets.tryTake("acme", this.db, 3)).isZero();
		assertThat(this.buckets.tryTake("acme", this.db, 1)).isEqualTo(-1);
	}

	@Test
	void agreesWithTheProbeOfTryConsumeNow() {
		this.buckets.tryTake("acme", this.db, 4);
		this.buckets.tryConsumeNow("globex", this.db, 4);

		assertThat(this.buckets.tryTake("acme", this.db, 5))
			.isEqualTo(this.buckets.tryConsumeNow("globex", this.db, 5).getRemainingTokens())
			.isEqualTo(1);
	}

	@Test
	void concurrentTakesSpendEachUnitOnce() throws InterruptedException {
		int threads = 4;
		int attemptsPerThread = 500;
		Set<Long> remainders = ConcurrentHashMap.newKeySet();
		AtomicInteger refused = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		Thread[] workers = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			workers[t] = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < attemptsPerThread; i++) {
					long left = this.buckets.tryTake("crowd", this.db, 1);
					if (left < 0) {
						refused.incrementAndGet();
					}
					else {
						remainders.add(left);
					}
				}
			});
			workers[t].start();
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}

		// 2,000 attempts on a bucket of 1,000 units that never refills: every remainder
		// 0..999 seen exactly once
		assertThat(remainders).hasSize(1000).allMatch(left -> left >= 0 && left < 1000);
		assertThat(refused).hasValue(1000);
	}

}
