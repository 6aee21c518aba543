package io.github.predictivegateway.usage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Publishes closed steps' usage records to a {@link UsageSink} in batches, off the
 * request path, through a bounded buffer.
 *
 * <p>
 * {@link #offer} appends records; when the buffer would hold more than {@code capacity},
 * the oldest records are dropped and counted ({@link #dropped()}): when the forecaster is
 * away too long, recent usage matters more than old usage. {@link #flush} sends what is
 * buffered in batches of at most {@code maxBatch} records, one after the other, until the
 * buffer is empty or a batch fails. A failed batch goes back to the head of the buffer
 * and the next attempt waits {@code min(maxBackoff, minBackoff × 2^(failures−1))}, scaled
 * by a random factor in [0.5, 1) (jitter, so that many gateways do not retry in step); a
 * success clears the backoff. A batch the forecaster rejects as invalid is dropped and
 * counted ({@link #rejected()}).
 */
public final class UsagePublisher {

	private static final Log logger = LogFactory.getLog(UsagePublisher.class);

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

	private int failures;

	private long notBeforeNanos;

	public UsagePublisher(String instance, UsageSink sink, int capacity, int maxBatch, Duration minBackoff,
			Duration maxBackoff, LongSupplier nanoTime, DoubleSupplier random) {
		if (capacity < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("capacity and batch size must be at least 1");
		}
		this.instance = instance;
		this.sink = sink;
		this.capacity = capacity;
		this.maxBatch = maxBatch;
		this.minBackoffNanos = minBackoff.toNanos();
		this.maxBackoffNanos = Math.max(minBackoff.toNanos(), maxBackoff.toNanos());
		this.nanoTime = nanoTime;
		this.random = random;
	}

	/** Buffers records for publishing, dropping the oldest beyond the capacity. */
	public synchronized void offer(List<StepUsage> records) {
		this.buffer.addAll(records);
		trim();
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

	/** Sends one batch; {@code true} if it went (or was rejected) and more may follow. */
	private Mono<Boolean> sendNext() {
		List<StepUsage> batch;
		synchronized (this) {
			if (this.buffer.isEmpty() || this.nanoTime.getAsLong() - this.notBeforeNanos < 0) {
				return Mono.just(false);
			}
			batch = new ArrayList<>(Math.min(this.maxBatch, this.buffer.size()));
			while (batch.size() < this.maxBatch && !this.buffer.isEmpty()) {
				batch.add(this.buffer.pollFirst());
			}
		}
		return Mono.defer(() -> this.sink.publish(this.instance, batch)).map(result -> {
			if (result == UsageSink.Result.REJECTED) {
				this.rejected.addAndGet(batch.size());
				logger.warn("The forecaster rejected a usage batch of " + batch.size() + " records as invalid");
			}
			else {
				this.published.addAndGet(batch.size());
			}
			succeeded();
			return true;
		}).onErrorResume(ex -> {
			failed(batch, ex);
			return Mono.just(false);
		}).defaultIfEmpty(false);
	}

	private synchronized void succeeded() {
		this.failures = 0;
		this.notBeforeNanos = this.nanoTime.getAsLong();
	}

	private synchronized void failed(List<StepUsage> batch, Throwable ex) {
		for (int i = batch.size() - 1; i >= 0; i--) {
			this.buffer.addFirst(batch.get(i));
		}
		trim();
		this.failures++;
		long backoff = this.minBackoffNanos << Math.min(20, this.failures - 1);
		backoff = Math.min(this.maxBackoffNanos, (backoff < 0) ? this.maxBackoffNanos : backoff);
		this.notBeforeNanos = this.nanoTime.getAsLong() + (long) (backoff * (0.5 + 0.5 * this.random.getAsDouble()));
		logger.debug("Publishing usage failed (" + this.failures + " in a row); " + this.buffer.size()
				+ " records wait: " + ex);
	}

	public synchronized int buffered() {
		return this.buffer.size();
	}

	/** Records dropped because the buffer was full. */
	public long dropped() {
		return this.dropped.get();
	}

	/** Records the forecaster refused as invalid. */
	public long rejected() {
		return this.rejected.get();
	}

	/** Records the forecaster accepted. */
	public long published() {
		return this.published.get();
	}

	public String instance() {
		return this.instance;
	}

}
