package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing with a sink that fails on demand and a manual nano clock: backoff 1 s
 * doubling to 8 s, jitter at its bottom (random 0: half of each backoff).
 */
class UsagePublisherTests {

	private final AtomicLong nanos = new AtomicLong();

	private final List<List<StepUsage>> sent = new ArrayList<>();

	private boolean failing;

	private final UsageSink sink = (instance, records) -> {
		if (this.failing) {
			return Mono.error(new IllegalStateException("sidecar away"));
		}
		this.sent.add(records);
		return Mono.just(UsageSink.Result.ACCEPTED);
	};

	private final UsagePublisher publisher = new UsagePublisher("gw-1", this.sink, 5, 2, Duration.ofSeconds(1),
			Duration.ofSeconds(8), this.nanos::get, () -> 0.0);

	private static StepUsage record(int i) {
		return new StepUsage("t" + i, "db", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0);
	}

	private void offer(int from, int to) {
		List<StepUsage> records = new ArrayList<>();
		for (int i = from; i < to; i++) {
			records.add(record(i));
		}
		this.publisher.offer(records);
	}

	@Test
	void oneFlushSendsEverythingBufferedInBatchesOfTheMaximumSize() {
		offer(0, 5);

		this.publisher.flush().block();

		assertThat(this.sent).containsExactly(List.of(record(0), record(1)), List.of(record(2), record(3)),
				List.of(record(4)));
	}

	@Test
	void aFailedBatchIsRetriedAfterABackoffThatDoublesAndThenSentInOrder() {
		offer(0, 2);
		this.failing = true;
		this.publisher.flush().block();
		this.nanos.set(Duration.ofMillis(499).toNanos());
		this.publisher.flush().block();
		this.nanos.set(Duration.ofMillis(500).toNanos());
		this.publisher.flush().block();
		assertThat(this.publisher.buffered()).isEqualTo(2);

		// second failure at 0.5 s: next attempt from 0.5 + 2 × 0.5 = 1.5 s
		this.failing = false;
		this.nanos.set(Duration.ofMillis(1499).toNanos());
		this.publisher.flush().block();
		assertThat(this.sent).isEmpty();
		this.nanos.set(Duration.ofMillis(1500).toNanos());
		this.publisher.flush().block();

		assertThat(this.sent).containsExactly(List.of(record(0), record(1)));
	}

	@Test
	void whenTheBufferIsFullTheOldestRecordsAreDroppedAndCounted() {
		offer(0, 4);
		offer(4, 7);

		assertThat(this.publisher.buffered()).isEqualTo(5);
		assertThat(this.publisher.dropped()).isEqualTo(2);
		this.publisher.flush().block();
		assertThat(this.sent.get(0)).containsExactly(record(2), record(3));
		assertThat(this.sent).hasSize(3);
	}

	@Test
	void aBatchTheForecasterRejectsIsDroppedNotRetried() {
		UsagePublisher rejecting = new UsagePublisher("gw-1",
				(instance, records) -> Mono.just(UsageSink.Result.REJECTED), 5, 2, Duration.ofSeconds(1),
				Duration.ofSeconds(8), this.nanos::get, () -> 0.0);
		rejecting.offer(List.of(record(0)));

		rejecting.flush().block();

		assertThat(rejecting.buffered()).isZero();
		assertThat(rejecting.rejected()).isEqualTo(1);
	}

}
