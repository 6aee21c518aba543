package io.github.predictivegateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher's answers to what the forecaster says, what it logs of them, and a flush
 * that finds another still running: a sink that answers as each test says, recording what
 * it was sent, and a manual nano clock.
 */
@ExtendWith(OutputCaptureExtension.class)
class UsagePublisherAnswersTests {

	private final AtomicLong nanos = new AtomicLong();

	private final List<List<StepUsage>> sent = new ArrayList<>();

	private static StepUsage record(String tenant) {
		return new StepUsage(tenant, "db", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0);
	}

	private static List<String> lines(CapturedOutput output, String level, String text) {
		return output.getAll().lines().filter(line -> line.contains(level) && line.contains(text)).toList();
	}

	/**
	 * A publisher of batches of up to 8 records, buffering up to {@code capacity},
	 * backoff from {@code minBackoff} to 8 s at the bottom of its jitter.
	 */
	private UsagePublisher publisher(UsageSink sink, int capacity, Duration minBackoff) {
		return new UsagePublisher("gw-1", (instance, records) -> {
			this.sent.add(List.copyOf(records));
			return sink.publish(instance, records);
		}, capacity, 8, minBackoff, Duration.ofSeconds(8), this.nanos::get, () -> 0.0);
	}

	private UsagePublisher publisher(UsageSink sink) {
		return publisher(sink, 100, Duration.ofSeconds(1));
	}

	/**
	 * A sink that answers {@code 400} with those errors to every batch holding the record
	 * of tenant "a", and accepts the others.
	 */
	private static UsageSink rejecting(Map<Integer, String> invalid, List<String> errors) {
		return (instance, records) -> Mono.just(records.contains(record("a"))
				? new UsageSink.Result(UsageSink.Kind.REJECTED, invalid, errors) : UsageSink.Result.ACCEPTED);
	}

	/** What a WARN line about a batch rejected as a whole quotes of the error. */
	private static String quotedError(CapturedOutput output) {
		List<String> lines = lines(output, "WARN", "as invalid as a whole; dropped it: ");
		assertThat(lines).hasSize(1);
		String line = lines.get(0);
		return line.substring(line.indexOf("dropped it: ") + "dropped it: ".length());
	}

	@Test
	void offeringOnlyValidRecordsLogsNoDrop(CapturedOutput output) {
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of()));

		publisher.offer(List.of(record("a"), record("b")));

		assertThat(publisher.buffered()).isEqualTo(2);
		assertThat(publisher.rejected()).isZero();
		assertThat(lines(output, "WARN", "usage record(s) the forecaster would refuse")).isEmpty();
	}

	@Test
	void aRecordRefusedWhenOfferedIsLoggedWithItsControlCharactersReplaced(CapturedOutput output) {
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of()));

		publisher.offer(List.of(record("tab\there")));

		assertThat(lines(output, "WARN", "Dropped 1 usage record(s)")).singleElement()
			.satisfies(line -> assertThat(line).contains("(tenant 'tab?here')"));
	}

	@Test
	void aRecordWhoseResourceTheForecasterWouldRefuseIsDroppedWhenOffered(CapturedOutput output) {
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of()));

		publisher
			.offer(List.of(new StepUsage("acme", "d\tb", Instant.parse("2026-11-30T09:00:00Z"), 1, 1, 0, 0, 1, 0, 0, 0),
					record("b")));

		assertThat(publisher.buffered()).isEqualTo(1);
		assertThat(publisher.rejected()).isEqualTo(1);
		assertThat(lines(output, "WARN", "Dropped 1 usage record(s)")).singleElement()
			.satisfies(line -> assertThat(line).contains("resource contains control characters (tenant 'acme')"));
	}

	@Test
	void aFlushWhileAnotherIsRunningSendsNothing() {
		Sinks.One<UsageSink.Result> answer = Sinks.one();
		UsagePublisher publisher = publisher((instance, records) -> answer.asMono());
		publisher.offer(List.of(record("a")));
		publisher.flush().subscribe();
		publisher.offer(List.of(record("b")));

		publisher.flush().subscribe();

		assertThat(this.sent).containsExactly(List.of(record("a")));
		answer.tryEmitValue(UsageSink.Result.ACCEPTED);
		assertThat(this.sent).containsExactly(List.of(record("a")), List.of(record("b")));
	}

	@Test
	void aFailedBatchPutBackIntoAFullBufferDropsTheOldestRecords() {
		Sinks.One<UsageSink.Result> answer = Sinks.one();
		UsagePublisher publisher = publisher((instance, records) -> answer.asMono(), 3, Duration.ofSeconds(1));
		publisher.offer(List.of(record("a"), record("b")));
		publisher.flush().subscribe();
		publisher.offer(List.of(record("c"), record("d")));

		answer.tryEmitError(new IllegalStateException("sidecar away"));

		assertThat(publisher.buffered()).isEqualTo(3);
		assertThat(publisher.dropped()).isEqualTo(1);
	}

	@Test
	void aFirstAnswerWithoutFailuresBeforeItLogsNoRecovery(CapturedOutput output) {
		UsagePublisher publisher = publisher((instance, records) -> Mono.just(UsageSink.Result.ACCEPTED));
		publisher.offer(List.of(record("a")));

		publisher.flush().block();

		assertThat(publisher.published()).isEqualTo(1);
		assertThat(lines(output, "INFO", "Publishing usage succeeds again")).isEmpty();
	}

	@Test
	void withAZeroMinimumBackoffAFailedBatchIsTriedAgainAtOnce() {
		UsagePublisher publisher = publisher((instance, records) -> Mono.error(new IllegalStateException("away")), 100,
				Duration.ZERO);
		publisher.offer(List.of(record("a")));
		publisher.flush().block();

		publisher.flush().block();

		assertThat(publisher.failures()).isEqualTo(2);
	}

	@Test
	void failuresLateOnTheClockAreStillLoggedAtWarnAtMostOncePerMinute(CapturedOutput output) {
		UsagePublisher publisher = publisher((instance, records) -> Mono.error(new IllegalStateException("away")));
		publisher.offer(List.of(record("a")));
		for (long at : new long[] { 1_000_000, 1_000_500, 1_001_500 }) {
			this.nanos.set(Duration.ofMillis(at).toNanos());
			publisher.flush().block();
		}

		assertThat(publisher.failures()).isEqualTo(3);
		assertThat(lines(output, "WARN", "Publishing usage failed")).singleElement()
			.satisfies(line -> assertThat(line).contains("(1 in a row)"));
	}

	@Test
	void a400NamingTheFirstRecordDropsThatOneAndSendsTheOthersAgain() {
		UsagePublisher publisher = publisher(rejecting(Map.of(0, "records[0].tenant is blank"), List.of()));
		publisher.offer(List.of(record("a"), record("b"), record("c")));

		publisher.flush().block();

		assertThat(this.sent).containsExactly(List.of(record("a"), record("b"), record("c")),
				List.of(record("b"), record("c")));
		assertThat(publisher.rejected()).isEqualTo(1);
		assertThat(publisher.published()).isEqualTo(2);
	}

	@Test
	void a400NamingAnIndexJustPastTheBatchDropsItWhole() {
		UsagePublisher publisher = publisher(rejecting(Map.of(2, "records[2].tenant is blank"), List.of()));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		assertThat(this.sent).hasSize(1);
		assertThat(publisher.rejected()).isEqualTo(2);
		assertThat(publisher.buffered()).isZero();
	}

	@Test
	void a400NamingANegativeIndexDropsTheBatchWhole() {
		UsagePublisher publisher = publisher(rejecting(Map.of(-1, "records[-1] is no record"), List.of()));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		assertThat(this.sent).hasSize(1);
		assertThat(publisher.rejected()).isEqualTo(2);
		assertThat(publisher.failures()).isZero();
	}

	@Test
	void aBatchRejectedAsAWholeLogsTheForecastersFirstError(CapturedOutput output) {
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of("the batch is empty", "second")));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		assertThat(quotedError(output)).isEqualTo("the batch is empty");
	}

	@Test
	void aLoggedErrorIsCutAtEightyCharactersWithAnEllipsis(CapturedOutput output) {
		String error = "e".repeat(79) + "fg";
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of(error)));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		// the ellipsis is written in whatever the console's charset makes of it
		assertThat(quotedError(output)).startsWith("e".repeat(79) + "f").doesNotContain("g").hasSizeGreaterThan(80);
	}

	@Test
	void aLoggedErrorOfEightyCharactersIsLoggedWhole(CapturedOutput output) {
		String error = "e".repeat(79) + "f";
		UsagePublisher publisher = publisher(rejecting(Map.of(), List.of(error)));
		publisher.offer(List.of(record("a"), record("b")));

		publisher.flush().block();

		assertThat(quotedError(output)).isEqualTo(error);
	}

}
