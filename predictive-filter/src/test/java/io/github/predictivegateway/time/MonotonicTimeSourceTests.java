package io.github.predictivegateway.time;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's real clock over a wall clock and a monotonic clock that both only move
 * when told to.
 */
class MonotonicTimeSourceTests {

	private static final long START = Instant.parse("2026-11-30T09:00:40Z").getEpochSecond() * 1_000_000_000L;

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong wall = new AtomicLong(START);

	private final AtomicLong nano = new AtomicLong(-7_000_000_000L);

	private final MonotonicTimeSource time = new MonotonicTimeSource(this.wall::get, this.nano::get,
			Duration.ofSeconds(1));

	private void elapse(long nanos) {
		this.wall.addAndGet(nanos);
		this.nano.addAndGet(nanos);
	}

	@Test
	void itReadsTheWallClockAtStartAndThenCountsTheTimeThatPassed() {
		assertThat(this.time.epochNanos()).isEqualTo(START);

		elapse(2 * SECOND + 5);

		assertThat(this.time.epochNanos()).isEqualTo(START + 2 * SECOND + 5);
	}

	@Test
	void aWallClockSteppedBackIsNotFollowed() {
		elapse(SECOND);
		this.wall.addAndGet(-30 * SECOND);
		elapse(SECOND);

		assertThat(this.time.epochNanos()).isEqualTo(START + 2 * SECOND);
	}

	@Test
	void aWallClockSteppedForwardBeyondTheToleranceIsFollowed() {
		elapse(SECOND);
		this.wall.addAndGet(30 * SECOND);
		elapse(SECOND);

		assertThat(this.time.epochNanos()).isEqualTo(START + 32 * SECOND);
		elapse(SECOND);
		assertThat(this.time.epochNanos()).isEqualTo(START + 33 * SECOND);
	}

	@Test
	void aWallClockAheadByLessThanTheToleranceIsNotFollowed() {
		this.wall.addAndGet(SECOND);
		elapse(SECOND);

		assertThat(this.time.epochNanos()).isEqualTo(START + SECOND);
	}

	@Test
	void whateverTheWallClockDoesTheTimeNeverGoesBackwards() {
		SplittableRandom random = new SplittableRandom(21);
		long previous = this.time.epochNanos();
		for (int i = 0; i < 100_000; i++) {
			elapse(random.nextLong(50_000_000L));
			if (random.nextInt(100) == 0) {
				this.wall.addAndGet(random.nextLong(-60 * SECOND, 60 * SECOND));
			}
			long now = this.time.epochNanos();
			assertThat(now).isGreaterThanOrEqualTo(previous);
			previous = now;
		}
	}

	@Test
	void theWallClockIsNotReadMoreOftenThanEveryTenMilliseconds() {
		AtomicLong reads = new AtomicLong();
		MonotonicTimeSource counted = new MonotonicTimeSource(() -> {
			reads.incrementAndGet();
			return this.wall.get();
		}, this.nano::get, Duration.ofSeconds(1));
		for (int i = 0; i < 100; i++) {
			elapse(1_000_000L);
			counted.epochNanos();
		}

		// once as the anchor, then at 10, 20, ..., 100 ms
		assertThat(reads.get()).isEqualTo(11);
	}

}
