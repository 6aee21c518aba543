package io.github.predictivegateway.usage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import io.github.predictivegateway.wire.UsageValidator;

/**
 * Publishes closed steps' usage records to a {@link UsageSink} in batches, off the
 * request path, through a bounded buffer.
 *
 * <p>
 * {@link #offer} appends records; a record the forecaster would refuse (an id too long,
 * with control characters or half a surrogate pair: {@link UsageValidator#idViolation})
 * is dropped there and counted ({@link #rejected()}), so that it never costs the records
 * it would travel with and no record is longer than
 * {@link io.github.predictivegateway.wire.UsageBatchCodec#MAX_RECORD_BYTES}. When the
 * buffer would hold more than {@code capacity}, the oldest records are dropped and
 * counted ({@link #dropped()}): when the forecaster is away too long, recent usage
 * matters more than old usage. {@link #flush} sends what is buffered in batches of at
 * most {@code maxBatch} records, one after the other, until the buffer is empty or a
 * batch fails.
 *
 * <p>
 * What the forecaster answers decides what is sent next; a batch is never sent again
 * unchanged after an answer that says it would fail again:
 * <ul>
 * <li><b>accepted</b>: published ({@link #published()});</li>
 * <li><b>too large</b> ({@code 413}): the batch goes back to the head of the buffer and
 * from then on batches carry at most half as many records (recursively: halved again on
 * the next {@code 413}, for as long as this publisher lives, since the forecaster's limit
 * does not change by itself); a single record too large is dropped and counted as
 * rejected;</li>
 * <li><b>rejected</b> ({@code 400}): the records the forecaster names as invalid are
 * dropped and counted ({@link #rejected()}) and the others go back to the head of the
 * buffer, to be sent again at once; a batch rejected without any record named is dropped
 * whole.</li>
 * </ul>
 * Each of those is logged at WARN with the number of records and a sample error. A failed
 * batch (no answer, a timeout, any other status) goes back to the head of the buffer and
 * the next attempt waits {@code min(maxBackoff, minBackoff × 2^(failures−1))}, scaled by
 * a random factor in [0.5, 1) (jitter, so that many gateways do not retry in step); an
 * answer clears the backoff. Failures are counted ({@link #failures()},
 * {@link #failing()}: in a row) and logged at WARN: the first of a run at once, then at
 * most one line per {@value #WARN_INTERVAL_SECONDS} s (the rest at DEBUG); the first
 * answer after them at INFO.
 */
public final class UsagePublisher {

	private static final Log logger = LogFactory.getLog(UsagePublisher.class);

	/** Least time between two WARN lines of one run of failures. */
	static final long WARN_INTERVAL_SECONDS = 60;

	/** Longest tenant id or error quoted in a log line, in characters. */
	private static final int QUOTED = 80;

	private final String instance;

	private final UsageSink sink;

	private final int capacity;

	private final int maxBatch;

	private final long minBackoffNanos;

	private final long maxBackoffNanos;

	private final LongSupplier nanoTime;

	private final DoubleSupplier random;

	private final ArrayDeque<StepUsage> buffer = new ArrayDeque<>();

	private final AtomicBoolean inFlight = new AtomicBoolean();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong failuresTotal = new AtomicLong();

	private int failures;

	private long notBeforeNanos;

	private long lastWarnNanos;

	private int batchLimit;

	public UsagePublisher(String instance, UsageSink sink, int capacity, int maxBatch, Duration minBackoff,
			Duration maxBackoff, LongSupplier nanoTime, DoubleSupplier random) {
		if (capacity < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("capacity and batch size must be at least 1");
		}
		this.instance = instance;
		this.sink = sink;
		this.capacity = capacity;
		this.maxBatch = maxBatch;
		this.batchLimit = maxBatch;
		this.minBackoffNanos = minBackoff.toNanos();
		this.maxBackoffNanos = Math.max(minBackoff.toNanos(), maxBackoff.toNanos());
		this.nanoTime = nanoTime;
		this.random = random;
	}

	/**
	 * Buffers records for publishing, dropping those the forecaster would refuse and the
	 * oldest beyond the capacity.
	 */
	public synchronized void offer(List<StepUsage> records) {
		int invalid = 0;
		String sample = null;
		for (StepUsage record : records) {
			String violation = violation(record);
			if (violation != null) {
				invalid++;
				sample = (sample != null) ? sample : violation + " (tenant '" + quoted(record.tenant()) + "')";
				continue;
			}
			this.buffer.add(record);
		}
		if (invalid > 0) {
			this.rejected.addAndGet(invalid);
			logger.warn("Dropped " + invalid + " usage record(s) the forecaster would refuse, e.g. " + sample);
		}
		trim();
	}

	private static @Nullable String violation(StepUsage record) {
		String tenant = UsageValidator.idViolation("tenant", record.tenant());
		return (tenant != null) ? tenant : UsageValidator.idViolation("resource", record.resource());
	}

	private void trim() {
		while (this.buffer.size() > this.capacity) {
			this.buffer.pollFirst();
			this.dropped.incrementAndGet();
		}
	}

	/**
	 * Sends the buffered records batch after batch, unless a flush is already running or
	 * a backoff is; completes when the buffer is empty or a batch has failed. Never
	 * errors.
	 */
	public Mono<Void> flush() {
		if (!this.inFlight.compareAndSet(false, true)) {
			return Mono.empty();
		}
		return Mono.defer(this::sendNext)
			.repeat()
			.takeWhile(Boolean::booleanValue)
			.then()
			.doFinally(signal -> this.inFlight.set(false));
	}

	/**
	 * On shutdown: sends everything buffered, ignoring the backoff and waiting for a
	 * flush already running, until the buffer is empty or {@code bound} has passed (then
	 * what is left is logged and given up). Never errors.
	 */
	public Mono<Void> flushAll(Duration bound) {
		return Mono.defer(() -> {
			synchronized (this) {
				this.notBeforeNanos = this.nanoTime.getAsLong();
			}
			return flush();
		})
			.then(Mono.defer(() -> (buffered() == 0) ? Mono.<Void>empty()
					: Mono.<Void>error(new IllegalStateException(buffered() + " usage records still buffered"))))
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(50)))
			.timeout(bound)
			.onErrorResume(ex -> {
				logger.warn("Gave up publishing usage on shutdown after " + bound + "; " + buffered()
						+ " records not published");
				return Mono.empty();
			});
	}

	/** Sends one batch; {@code true} if the forecaster answered and more may follow. */
	private Mono<Boolean> sendNext() {
		List<StepUsage> batch;
		synchronized (this) {
			if (this.buffer.isEmpty() || this.nanoTime.getAsLong() - this.notBeforeNanos < 0) {
				return Mono.just(false);
			}
			batch = new ArrayList<>(Math.min(this.batchLimit, this.buffer.size()));
			while (batch.size() < this.batchLimit && !this.buffer.isEmpty()) {
				batch.add(this.buffer.pollFirst());
			}
		}
		return Mono.defer(() -> this.sink.publish(this.instance, batch))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("the usage sink answered nothing")))
			.map(result -> answered(batch, result))
			.onErrorResume(ex -> {
				failed(batch, ex);
				return Mono.just(false);
			});
	}

	private synchronized boolean answered(List<StepUsage> batch, UsageSink.Result result) {
		switch (result.kind()) {
			case ACCEPTED -> this.published.addAndGet(batch.size());
			case TOO_LARGE -> tooLarge(batch);
			case REJECTED -> rejected(batch, result);
		}
		if (this.failures > 0) {
			logger.info("Publishing usage succeeds again, after " + this.failures + " failed attempt(s)");
		}
		this.failures = 0;
		this.notBeforeNanos = this.nanoTime.getAsLong();
		return true;
	}

	private void tooLarge(List<StepUsage> batch) {
		if (batch.size() == 1) {
			this.rejected.incrementAndGet();
			StepUsage record = batch.get(0);
			logger.warn("The forecaster refused a single usage record as too large (413); dropped it (tenant '"
					+ quoted(record.tenant()) + "', resource '" + quoted(record.resource()) + "', step "
					+ record.stepStart() + ")");
			return;
		}
		putBack(batch);
		this.batchLimit = batch.size() / 2;
		logger.warn("The forecaster refused a usage batch of " + batch.size() + " records as too large (413); "
				+ "batches now carry at most " + this.batchLimit + " records (predictive.usage.max-batch is "
				+ this.maxBatch + "; the sidecar's spring.http.codecs.max-in-memory-size or sidecar.max-batch-records "
				+ "is lower than this gateway's batches need)");
	}

	private void rejected(List<StepUsage> batch, UsageSink.Result result) {
		Set<Integer> invalid = new TreeSet<>();
		String sample = null;
		for (Map.Entry<Integer, String> entry : result.invalid().entrySet()) {
			int index = entry.getKey();
			if (index >= 0 && index < batch.size()) {
				invalid.add(index);
				sample = (sample != null) ? sample
						: quoted(entry.getValue()) + " (tenant '" + quoted(batch.get(index).tenant()) + "')";
			}
		}
		if (invalid.isEmpty()) {
			this.rejected.addAndGet(batch.size());
			logger.warn("The forecaster rejected a usage batch of " + batch.size()
					+ " records as invalid as a whole; dropped it: "
					+ (result.errors().isEmpty() ? "no error given" : quoted(result.errors().get(0))));
			return;
		}
		List<StepUsage> valid = new ArrayList<>(batch.size() - invalid.size());
		for (int i = 0; i < batch.size(); i++) {
			if (!invalid.contains(i)) {
				valid.add(batch.get(i));
			}
		}
		putBack(valid);
		this.rejected.addAndGet(invalid.size());
		logger.warn("The forecaster rejected " + invalid.size() + " of a batch of " + batch.size()
				+ " usage records as invalid; dropped them and send the other " + valid.size() + " again, e.g. "
				+ sample);
	}

	private void putBack(List<StepUsage> records) {
		for (int i = records.size() - 1; i >= 0; i--) {
			this.buffer.addFirst(records.get(i));
		}
		trim();
	}

	private synchronized void failed(List<StepUsage> batch, Throwable ex) {
		putBack(batch);
		this.failures++;
		this.failuresTotal.incrementAndGet();
		long backoff = this.minBackoffNanos << Math.min(20, this.failures - 1);
		backoff = Math.min(this.maxBackoffNanos, (backoff < 0) ? this.maxBackoffNanos : backoff);
		long now = this.nanoTime.getAsLong();
		long wait = (long) (backoff * (0.5 + 0.5 * this.random.getAsDouble()));
		this.notBeforeNanos = now + wait;
		String message = "Publishing usage failed (" + this.failures + " in a row); " + this.buffer.size()
				+ " records wait, next attempt in " + Duration.ofNanos(wait).toMillis() + " ms: " + ex;
		if (this.failures == 1 || now - this.lastWarnNanos >= WARN_INTERVAL_SECONDS * 1_000_000_000L) {
			this.lastWarnNanos = now;
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

	/**
	 * Text from a record or the forecaster's answer as it may be logged: control
	 * characters replaced, at most {@value #QUOTED} characters.
	 */
	private static String quoted(String text) {
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), QUOTED + 1));
		for (int i = 0; i < text.length() && i < QUOTED; i++) {
			char c = text.charAt(i);
			quoted.append(Character.isISOControl(c) ? '?' : c);
		}
		return (text.length() > QUOTED) ? quoted.append('…').toString() : quoted.toString();
	}

	public synchronized int buffered() {
		return this.buffer.size();
	}

	/** Records dropped because the buffer was full. */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Records dropped as invalid: refused by the forecaster, or that it would refuse.
	 */
	public long rejected() {
		return this.rejected.get();
	}

	/** Records the forecaster accepted. */
	public long published() {
		return this.published.get();
	}

	/** Publishing attempts that failed (no answer, a timeout, an error status). */
	public long failures() {
		return this.failuresTotal.get();
	}

	/** Publishing attempts that failed in a row: 0 once the forecaster answers. */
	public synchronized int failing() {
		return this.failures;
	}

	/** The most records a batch carries now: max-batch, halved on each {@code 413}. */
	public synchronized int batchLimit() {
		return this.batchLimit;
	}

	public String instance() {
		return this.instance;
	}

}
