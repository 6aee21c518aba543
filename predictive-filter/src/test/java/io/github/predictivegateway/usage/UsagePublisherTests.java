package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing with a sink that fails on demand and a manual nano clock: backoff 1 s
 * doubling to 8 s, jitter at its bottom (random 0: half of each backoff).
 */
@ExtendWith(OutputCaptureExtension.class)
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

	private static StepUsage record(String tenant) {
		return new StepUsage(tenant, "db", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0);
	}

	private static List<String> lines(CapturedOutput output, String level, String text) {
		return output.getAll().lines().filter(line -> line.contains(level) && line.contains(text)).toList();
	}

	/**
	 * A publisher of batches of up to 8 records to {@code sink}, recording what it sends.
	 */
	private UsagePublisher publisher(UsageSink sink) {
		return new UsagePublisher("gw-1", (instance, records) -> {
			this.sent.add(List.copyOf(records));
			return sink.publish(instance, records);
		}, 100, 8, Duration.ofSeconds(1), Duration.ofSeconds(8), this.nanos::get, () -> 0.0);
	}

	@Test
	void aBatchAnswered413IsSplitInHalvesRecursivelyAndNeverSentAgainUnchanged() {
		UsagePublisher splitting = publisher((instance, records) -> Mono
			.just((records.size() > 2) ? UsageSink.Result.TOO_LARGE : UsageSink.Result.ACCEPTED));
		List<StepUsage> records = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			records.add(record(i));
		}
		splitting.offer(records);

		splitting.flush().block();

		assertThat(this.sent).extracting(List::size).containsExactly(8, 4, 2, 2, 2, 2);
		assertThat(this.sent.subList(2, 6)).flatExtracting(batch -> batch).containsExactlyElementsOf(records);
		assertThat(splitting.published()).isEqualTo(8);
		assertThat(splitting.batchLimit()).isEqualTo(2);
		assertThat(splitting.failing()).isZero();
	}

	@Test
	void aSingleRecordAnswered413IsDroppedAndCountedAsRejected(CapturedOutput output) {
		UsagePublisher splitting = publisher((instance, records) -> Mono
			.just(records.contains(record("huge")) ? UsageSink.Result.TOO_LARGE : UsageSink.Result.ACCEPTED));
		splitting.offer(List.of(record("a"), record("huge"), record("b"), record("c")));

		splitting.flush().block();

		assertThat(this.sent).containsExactly(List.of(record("a"), record("huge"), record("b"), record("c")),
				List.of(record("a"), record("huge")), List.of(record("a")), List.of(record("huge")),
				List.of(record("b")), List.of(record("c")));
		assertThat(splitting.rejected()).isEqualTo(1);
		assertThat(splitting.published()).isEqualTo(3);
		assertThat(lines(output, "WARN", "refused a single usage record as too large (413)")).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("tenant 'huge'"));
	}

	@Test
	void aBatchAnswered400IsSentAgainWithoutTheRecordsItNamesWhichAreCountedAndLogged(CapturedOutput output) {
		UsagePublisher publisher = publisher((instance,
				records) -> Mono.just(records.contains(record("bad"))
						? UsageSink.Result.rejected(List.of("records[1].attempted is -4; it must not be negative"))
						: UsageSink.Result.ACCEPTED));
		publisher.offer(List.of(record("a"), record("bad"), record("b")));

		publisher.flush().block();

		assertThat(this.sent).containsExactly(List.of(record("a"), record("bad"), record("b")),
				List.of(record("a"), record("b")));
		assertThat(publisher.rejected()).isEqualTo(1);
		assertThat(publisher.published()).isEqualTo(2);
		assertThat(lines(output, "WARN", "rejected 1 of a batch of 3 usage records as invalid")).hasSize(1)
			.allSatisfy(line -> assertThat(line)
				.contains("records[1].attempted is -4; it must not be negative (tenant 'bad')"));
	}

	@Test
	void a400NamingRecordsOutsideTheBatchDropsItWholeRatherThanSendItAgainUnchanged() {
		UsagePublisher publisher = publisher((instance, records) -> Mono
			.just(UsageSink.Result.rejected(List.of("records[7].attempted is -4; it must not be negative"))));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		assertThat(this.sent).hasSize(1);
		assertThat(publisher.rejected()).isEqualTo(2);
		assertThat(publisher.buffered()).isZero();
	}

	@Test
	void recordsTheForecasterWouldRefuseAreDroppedWhenOfferedCountedAndLogged(CapturedOutput output) {
		this.publisher.offer(List.of(record("x".repeat(257)), record("tab\there"), record("ok")));

		assertThat(this.publisher.buffered()).isEqualTo(1);
		assertThat(this.publisher.rejected()).isEqualTo(2);
		assertThat(lines(output, "WARN", "Dropped 2 usage record(s) the forecaster would refuse")).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("tenant is longer than 256 characters"));
	}

	@Test
	void failuresAreLoggedAtWarnFirstThenAtMostOncePerMinuteAndTheFirstAnswerAtInfo(CapturedOutput output) {
		offer(0, 2);
		this.failing = true;
		for (long at : new long[] { 0, 500, 1_500, 3_500, 7_500, 11_500, 60_000 }) {
			this.nanos.set(Duration.ofMillis(at).toNanos());
			this.publisher.flush().block();
		}
		assertThat(this.publisher.failures()).isEqualTo(7);
		assertThat(this.publisher.failing()).isEqualTo(7);
		assertThat(lines(output, "WARN", "Publishing usage failed")).hasSize(2)
			.satisfiesExactly(first -> assertThat(first).contains("(1 in a row)"),
					second -> assertThat(second).contains("(7 in a row)"));

		this.failing = false;
		this.nanos.set(Duration.ofMillis(64_000).toNanos());
		this.publisher.flush().block();

		assertThat(this.publisher.failing()).isZero();
		assertThat(this.publisher.failures()).isEqualTo(7);
		assertThat(lines(output, "INFO", "Publishing usage succeeds again, after 7 failed attempt(s)")).hasSize(1);
	}

}
