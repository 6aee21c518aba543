package io.github.predictivegateway.preallocation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a grant held in memory adds to the contract every shadow bucket keeps
 * ({@link LocalShadowBucketContractTests}): concurrent requests never find it empty while
 * it holds units.
 */
class LocalShadowBucketTests {

	@Test
	void aTopUpAddsToTheGrantAndToWhatIsHeld() {
		LocalShadowBucket bucket = new LocalShadowBucket(10);
		bucket.tryConsume(4);

		bucket.topUp(5);

		assertThat(bucket.granted()).isEqualTo(15);
		assertThat(bucket.remaining()).isEqualTo(11);
		assertThat(bucket.used()).isEqualTo(4);
	}

	@Test
	void aReleaseTakesBackOnlyWhatIsHeldAndNeverWhatWasSpent() {
		LocalShadowBucket bucket = new LocalShadowBucket(10);
		bucket.tryConsume(4);

		assertThat(bucket.release(3)).isEqualTo(3);
		assertThat(bucket.release(100)).as("the 3 still held").isEqualTo(3);
		assertThat(bucket.release(1)).isZero();

		assertThat(bucket.granted()).isEqualTo(4);
		assertThat(bucket.used()).isEqualTo(4);
	}

	@Test
	void aGiveBackAfterAReleaseNeverHoldsMoreThanTheGrantLeft() {
		LocalShadowBucket bucket = new LocalShadowBucket(10);
		bucket.tryConsume(2);
		bucket.release(8);

		bucket.giveBack(2);

		assertThat(bucket.remaining()).isEqualTo(2);
		assertThat(bucket.granted()).isEqualTo(2);
	}

	@Test
	void concurrentSpendingNeverHandsOutMoreThanTheGrant() throws InterruptedException {
		ShadowBucket bucket = new LocalShadowBucket(2_500);
		AtomicLong admitted = new AtomicLong();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			pool.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < 1_000; i++) {
					if (bucket.tryConsume(1) >= 0) {
						admitted.incrementAndGet();
					}
				}
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(admitted.get()).isEqualTo(2_500);
		assertThat(bucket.remaining()).isZero();
	}

}
