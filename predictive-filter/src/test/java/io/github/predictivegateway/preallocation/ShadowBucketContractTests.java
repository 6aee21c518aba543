package io.github.predictivegateway.preallocation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What every {@link ShadowBucket} does, wherever its grant is held, in the manner of
 * Bucket4j's TCK: a subclass only says how to make the bucket of a grant
 * ({@link #shadowBucket(long)}) and, for one that fetches its units in the background,
 * how to let that finish ({@link #settle}).
 *
 * <p>
 * A bucket holds what it may spend now ({@link ShadowBucket#remaining()}): the whole
 * grant in memory, what this instance leased in distributed mode. So the checks below
 * either start from what it holds, or spend the grant to the end, where every
 * implementation must have spent exactly the grant.
 */
public abstract class ShadowBucketContractTests {

	/**
	 * The shadow bucket of a new grant of {@code units} for one tenant, resource type and
	 * step (the step in progress), ready: what it fetches at first has arrived.
	 */
	protected abstract ShadowBucket shadowBucket(long units);

	/**
	 * Lets what the buckets made here started in the background finish (a leased bucket's
	 * lease); a bucket holding its whole grant has nothing to finish.
	 */
	protected void settle() {
	}

	/**
	 * Takes {@code cost} if the bucket holds it: tries, and if refused, lets the bucket
	 * finish what the refusal started and tries once more.
	 * @return the units left, or -1
	 */
	protected final long consume(ShadowBucket bucket, long cost) {
		long left = bucket.tryConsume(cost);
		if (left >= 0) {
			return left;
		}
		settle();
		return bucket.tryConsume(cost);
	}

	/** Takes {@code cost} at a time until refused; returns the units taken. */
	protected final long spendAll(ShadowBucket bucket, long cost) {
		long spent = 0;
		while (consume(bucket, cost) >= 0) {
			spent += cost;
		}
		return spent;
	}

	@Test
	void grantedIsTheWholeGrant() {
		assertThat(shadowBucket(40).granted()).isEqualTo(40);
	}

	@Test
	void aNewBucketHasSpentNothing() {
		assertThat(shadowBucket(40).used()).isZero();
	}

	@Test
	void aCostItHoldsIsTakenAndWhatIsLeftReturned() {
		ShadowBucket bucket = shadowBucket(40);
		long held = bucket.remaining();
		assertThat(held).as("a ready bucket holds something").isPositive();

		assertThat(bucket.tryConsume(1)).isEqualTo(held - 1);
		assertThat(bucket.remaining()).isEqualTo(held - 1);
		assertThat(bucket.used()).isEqualTo(1);
	}

	@Test
	void aCostAboveWhatItHoldsTakesNothing() {
		ShadowBucket bucket = shadowBucket(40);

		assertThat(bucket.tryConsume(bucket.remaining() + 1)).isEqualTo(-1);

		assertThat(bucket.used()).isZero();
	}

	@Test
	void theGrantIsSpentExactlyAndThenRefused() {
		ShadowBucket bucket = shadowBucket(40);

		assertThat(spendAll(bucket, 1)).isEqualTo(40);

		assertThat(bucket.used()).isEqualTo(40);
		assertThat(bucket.remaining()).isZero();
		assertThat(consume(bucket, 1)).isEqualTo(-1);
	}

	@Test
	void costsThatDoNotDivideTheGrantLeaveTheRestUnspent() {
		ShadowBucket bucket = shadowBucket(10);

		assertThat(spendAll(bucket, 3)).isEqualTo(9);

		assertThat(bucket.used()).isEqualTo(9);
		assertThat(consume(bucket, 1)).as("the last unit is still there").isZero();
	}

	@Test
	void aCostAboveTheGrantIsNeverTaken() {
		ShadowBucket bucket = shadowBucket(40);

		assertThat(consume(bucket, 41)).isEqualTo(-1);

		assertThat(bucket.used()).isZero();
	}

	@Test
	void unitsGivenBackCanBeSpentAgain() {
		ShadowBucket bucket = shadowBucket(40);
		spendAll(bucket, 1);

		bucket.giveBack(5);

		assertThat(bucket.used()).isEqualTo(35);
		assertThat(bucket.remaining()).isEqualTo(5);
		assertThat(bucket.tryConsume(5)).isZero();
		assertThat(bucket.used()).isEqualTo(40);
	}

	@Test
	void unitsGivenBackNeverMakeTheBucketHoldMoreThanTheGrant() {
		ShadowBucket bucket = shadowBucket(40);
		spendAll(bucket, 1);

		bucket.giveBack(45);

		assertThat(bucket.remaining()).isEqualTo(40);
		assertThat(bucket.used()).isZero();
		assertThat(spendAll(bucket, 1)).isEqualTo(40);
	}

	@Test
	void aCostBelowOneIsRefused() {
		ShadowBucket bucket = shadowBucket(40);

		assertThatIllegalArgumentException().isThrownBy(() -> bucket.tryConsume(0));
		assertThatIllegalArgumentException().isThrownBy(() -> bucket.giveBack(0));
		assertThat(bucket.used()).isZero();
	}

	@Test
	void concurrentRequestsNeverSpendAUnitTwice() throws Exception {
		ShadowBucket bucket = shadowBucket(2_500);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		long taken = 0;
		try {
			List<Callable<Long>> requesters = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				requesters.add(() -> {
					long mine = 0;
					for (int i = 0; i < 1_000; i++) {
						mine += (bucket.tryConsume(1) >= 0) ? 1 : 0;
					}
					return mine;
				});
			}
			for (Future<Long> requester : pool.invokeAll(requesters)) {
				taken += requester.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		settle();

		assertThat(taken).isEqualTo(bucket.used());
		assertThat(taken + spendAll(bucket, 1)).as("taken concurrently, then what was left").isEqualTo(2_500);
		assertThat(bucket.used()).isEqualTo(2_500);
	}

}
