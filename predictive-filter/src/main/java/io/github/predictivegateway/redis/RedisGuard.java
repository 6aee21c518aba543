package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.standard.StoreUnavailableException;

/**
 * Every Redis call of distributed mode goes through here, so that an outage costs a
 * request at most {@code timeout}, and after the first failures nothing at all:
 * <ul>
 * <li>the whole call (all its round trips) must complete within {@code timeout}, or its
 * result fails (the call itself is not cancelled: stages the caller attached to it still
 * see a late answer);</li>
 * <li>a Resilience4j circuit breaker counts the outcomes of the last {@code window}
 * calls; once at least half of them (and at least {@code minCalls}) failed, it opens and
 * calls fail at once, without touching Redis, for {@code waitInOpen}; then a few trial
 * calls go through (half-open), and their success closes it again. Recovery is
 * automatic.</li>
 * </ul>
 * A failed call completes its future with {@link StoreUnavailableException}; the caller's
 * failure policy decides what the request gets. Meters:
 * {@value PredictiveMetricNames#REDIS_CALLS} by outcome and
 * {@value PredictiveMetricNames#REDIS_CIRCUIT_STATE}.
 */
public final class RedisGuard {

	private final CircuitBreaker breaker;

	private final long timeoutNanos;

	private final Duration waitInOpen;

	private final Counter succeeded;

	private final Counter failed;

	private final Counter timedOut;

	private final Counter rejected;

	private final Timer latency;

	public RedisGuard(Duration timeout, Duration waitInOpen, int window, int minCalls, MeterRegistry registry) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("the Redis timeout must be positive, got " + timeout);
		}
		this.timeoutNanos = timeout.toNanos();
		this.waitInOpen = waitInOpen;
		this.breaker = CircuitBreaker.of("predictive-redis",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(window)
					.minimumNumberOfCalls(minCalls)
					.failureRateThreshold(50)
					.waitDurationInOpenState(waitInOpen)
					.permittedNumberOfCallsInHalfOpenState(3)
					.automaticTransitionFromOpenToHalfOpenEnabled(false)
					.recordExceptions(Throwable.class)
					.build());
		this.succeeded = calls(registry, "success");
		this.failed = calls(registry, "error");
		this.timedOut = calls(registry, "timeout");
		this.rejected = calls(registry, "rejected");
		this.latency = Timer.builder(PredictiveMetricNames.REDIS_LATENCY).register(registry);
		Gauge.builder(PredictiveMetricNames.REDIS_CIRCUIT_STATE, this.breaker, RedisGuard::stateValue)
			.register(registry);
	}

	/**
	 * Runs {@code call} unless the circuit is open, and fails its future after
	 * {@code timeout}. A call that has succeeded by the time it returns was answered
	 * without Redis (from a local copy): it is passed on as it is, neither judged by the
	 * circuit nor counted in the meters.
	 * @return the call's future, or one failed with {@link StoreUnavailableException}
	 */
	public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
		if (!this.breaker.tryAcquirePermission()) {
			this.rejected.increment();
			return CompletableFuture.failedFuture(new StoreUnavailableException("Redis circuit breaker is open", null));
		}
		long started = System.nanoTime();
		CompletableFuture<T> future = start(call);
		if (future.isDone() && !future.isCompletedExceptionally()) {
			// answered without Redis (a standard bucket's local copy): nothing to judge,
			// time or count
			this.breaker.releasePermission();
			return future;
		}
		return watch(future, started, true);
	}

	/**
	 * Runs {@code call} for work no request waits on (leases, the ledger's install and
	 * returns): with the same timeout and meters as {@link #call}, but neither refused by
	 * an open circuit nor counted by it. The circuit keeps requests from waiting on a
	 * Redis that does not answer; a background call makes no request wait, and refusing
	 * it would turn a few slow request calls into a route without leases (a refused lease
	 * leaves the tenant's requests on the standard path until the next one). When Redis
	 * is down, Lettuce refuses a command at once; callers ask at most once per quiet
	 * period.
	 */
	public <T> CompletableFuture<T> background(Supplier<CompletableFuture<T>> call) {
		long start = System.nanoTime();
		return watch(start(call), start, false);
	}

	private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private <T> CompletableFuture<T> watch(CompletableFuture<T> future, long start, boolean judged) {
		CompletableFuture<T> result = new CompletableFuture<>();
		// the timeout fails a copy, not the call's own future: an answer after it still
		// reaches what the caller
		// attached to that future (a lease credits its units), and Lettuce's command is
		// left to Lettuce
		future.copy().orTimeout(this.timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((value, ex) -> {
			long took = System.nanoTime() - start;
			if (ex == null) {
				if (judged) {
					this.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
				}
				this.succeeded.increment();
				this.latency.record(took, TimeUnit.NANOSECONDS);
				result.complete(value);
				return;
			}
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (judged) {
				this.breaker.onError(took, TimeUnit.NANOSECONDS, cause);
			}
			((cause instanceof TimeoutException) ? this.timedOut : this.failed).increment();
			result.completeExceptionally((cause instanceof StoreUnavailableException) ? cause
					: new StoreUnavailableException("Redis call failed: " + cause, cause));
		});
		return result;
	}

	/**
	 * While the circuit is not closed, one trial call through it (a {@code PING}; the
	 * returned future completes when it was answered or failed): once the open state's
	 * wait is over the circuit goes half-open and lets it through, and enough successes
	 * close it. Called on a schedule ({@code predictive-redis-probe}), so the circuit
	 * recovers with no request on the standard path: the capacity gates leave their
	 * {@code capacity / N} fallback and idle leases can be returned.
	 */
	public <T> CompletableFuture<?> probe(Supplier<CompletableFuture<T>> ping) {
		if (this.breaker.getState() == CircuitBreaker.State.CLOSED) {
			return CompletableFuture.completedFuture(null);
		}
		return call(ping).exceptionally(ex -> null);
	}

	/**
	 * How often {@link #probe} is worth calling: half the open state's wait, in [10 ms, 1
	 * s].
	 */
	public Duration probeInterval() {
		long half = this.waitInOpen.toNanos() / 2;
		return Duration
			.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(), half)));
	}

	/** Whether calls are being refused at once (circuit open). */
	public boolean isOpen() {
		return this.breaker.getState() == CircuitBreaker.State.OPEN
				|| this.breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * Whole seconds a client should wait before retrying while Redis is down: the open
	 * state's wait, at least 1.
	 */
	public long retryAfterSeconds() {
		return Math.max(1, (this.waitInOpen.toMillis() + 999) / 1000);
	}

	CircuitBreaker circuitBreaker() {
		return this.breaker;
	}

	private static double stateValue(CircuitBreaker breaker) {
		return switch (breaker.getState()) {
			case CLOSED, DISABLED, METRICS_ONLY -> 0;
			case HALF_OPEN -> 1;
			default -> 2;
		};
	}

	private static Counter calls(MeterRegistry registry, String outcome) {
		return Counter.builder(PredictiveMetricNames.REDIS_CALLS)
			.tag(PredictiveMetricNames.OUTCOME, outcome)
			.register(registry);
	}

}
