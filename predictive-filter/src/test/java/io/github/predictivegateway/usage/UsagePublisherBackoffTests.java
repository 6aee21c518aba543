package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * When a publisher tries again after failures, and what it accepts as settings: a sink
 * that always fails, a manual nano clock, and attempts counted by
 * {@link UsagePublisher#failures()}.
 */
class UsagePublisherBackoffTests {

	private final AtomicLong nanos = new AtomicLong();

	private final UsageSink failing = (instance, records) -> Mono.error(new IllegalStateException("sidecar away"));

	private static StepUsage record(String tenant) {
		return new StepUsage(tenant, "db", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0);
	}

	private UsagePublisher publisher(UsageSink sink, Duration minBackoff, Duration maxBackoff, double random) {
		UsagePublisher publisher = new UsagePublisher("gw-1", sink, 5, 2, minBackoff, maxBackoff, this.nanos::get,
				() -> random);
		publisher.offer(List.of(record("acme")));
		return publisher;
	}

	/** Flushes at {@code nanos}; whether the sink was tried. */
	private boolean triedAt(UsagePublisher publisher, long nanos) {
		long before = publisher.failures();
		this.nanos.set(nanos);
		publisher.flush().block();
		return publisher.failures() > before;
	}

	private static long ms(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

	@Test
	void theBackoffStopsDoublingAtItsMaximum() {
		UsagePublisher publisher = publisher(this.failing, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.0);
		// waits of half of 1, 2, 4, 8 and then 8 s again
		for (long at : new long[] { 0, 500, 1_500, 3_500, 7_500, 11_500 }) {
			assertThat(triedAt(publisher, ms(at))).as("tried at %d ms", at).isTrue();
		}

		assertThat(triedAt(publisher, ms(15_500) - 1)).isFalse();
		assertThat(triedAt(publisher, ms(15_500))).isTrue();
	}

	@Test
	void theJitterScalesTheBackoffBetweenHalfOfItAndAllOfIt() {
		UsagePublisher publisher = publisher(this.failing, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5);
		assertThat(triedAt(publisher, 0)).isTrue();

		assertThat(triedAt(publisher, ms(750) - 1)).as("three quarters of 1 s").isFalse();
		assertThat(triedAt(publisher, ms(750))).isTrue();
	}

	@Test
	void aMaximumBackoffBelowTheMinimumIsTheMinimum() {
		UsagePublisher publisher = publisher(this.failing, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.0);
		assertThat(triedAt(publisher, 0)).isTrue();
		assertThat(triedAt(publisher, ms(1_000))).isTrue();

		assertThat(triedAt(publisher, ms(2_000) - 1)).as("half of 2 s after the second failure").isFalse();
		assertThat(triedAt(publisher, ms(2_000))).isTrue();
	}

	@Test
	void backoffsTooLargeToDoubleInNanosStayAtTheMaximum() {
		Duration day = Duration.ofDays(1);
		UsagePublisher publisher = publisher(this.failing, day, day.multipliedBy(2), 0.0);
		long at = 0;
		for (int failure = 1; failure <= 25; failure++) {
			assertThat(triedAt(publisher, at)).as("failure %d", failure).isTrue();
			at += (failure == 1) ? day.toNanos() / 2 : day.toNanos();
		}

		assertThat(triedAt(publisher, at - 1)).isFalse();
		assertThat(triedAt(publisher, at)).isTrue();
	}

	@Test
	void anAnswerClearsTheBackoff() {
		List<List<StepUsage>> sent = new ArrayList<>();
		boolean[] down = { true };
		UsagePublisher publisher = publisher((instance, records) -> {
			if (down[0]) {
				return Mono.error(new IllegalStateException("sidecar away"));
			}
			sent.add(records);
			return Mono.just(UsageSink.Result.ACCEPTED);
		}, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.0);
		assertThat(triedAt(publisher, 0)).isTrue();
		assertThat(triedAt(publisher, ms(500))).isTrue();
		down[0] = false;
		this.nanos.set(ms(1_500));
		publisher.flush().block();

		publisher.offer(List.of(record("globex")));
		publisher.flush().block();

		assertThat(sent).containsExactly(List.of(record("acme")), List.of(record("globex")));
		assertThat(publisher.failing()).isZero();
	}

	@Test
	void aSinkThatAnswersNothingIsAFailureAndTheBatchWaits() {
		UsagePublisher publisher = publisher((instance, records) -> Mono.empty(), Duration.ofSeconds(1),
				Duration.ofSeconds(8), 0.0);

		assertThat(triedAt(publisher, 0)).isTrue();

		assertThat(publisher.failing()).isEqualTo(1);
		assertThat(publisher.buffered()).isEqualTo(1);
		assertThat(publisher.published()).isZero();
	}

	@Test
	void aFlushWhileAnotherIsUnderWaySendsNothingMore() {
		Sinks.One<UsageSink.Result> answer = Sinks.one();
		List<List<StepUsage>> sent = new ArrayList<>();
		UsagePublisher publisher = publisher((instance, records) -> {
			sent.add(records);
			return answer.asMono();
		}, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.0);
		Mono<Void> first = publisher.flush();
		first.subscribe();

		publisher.flush().block();
		assertThat(sent).hasSize(1);

		answer.tryEmitValue(UsageSink.Result.ACCEPTED);
		publisher.offer(List.of(record("globex")));
		publisher.flush().block();

		assertThat(sent).containsExactly(List.of(record("acme")), List.of(record("globex")));
		assertThat(publisher.published()).isEqualTo(2);
	}

	@Test
	void aBufferAndABatchOfOneRecordAreAcceptedAndZeroIsRefused() {
		List<List<StepUsage>> sent = new ArrayList<>();
		UsagePublisher smallest = new UsagePublisher("gw-1", (instance, records) -> {
			sent.add(records);
			return Mono.just(UsageSink.Result.ACCEPTED);
		}, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(8), this.nanos::get, () -> 0.0);
		smallest.offer(List.of(record("acme"), record("globex")));
		smallest.flush().block();
		assertThat(sent).containsExactly(List.of(record("globex")));
		assertThat(smallest.dropped()).isEqualTo(1);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UsagePublisher("gw-1", this.failing, 0, 1, Duration.ofSeconds(1),
					Duration.ofSeconds(8), this.nanos::get, () -> 0.0))
			.withMessage("capacity and batch size must be at least 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UsagePublisher("gw-1", this.failing, 1, 0, Duration.ofSeconds(1),
					Duration.ofSeconds(8), this.nanos::get, () -> 0.0))
			.withMessage("capacity and batch size must be at least 1");
	}

}
