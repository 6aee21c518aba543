package io.github.predictivegateway.forecast;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Pulls the forecast snapshot from the sidecar ({@code GET /v1/forecasts}) into a
 * {@link SnapshotForecastSource}, off the request path.
 *
 * <p>
 * Each pull sends {@code If-None-Match} with the tag of the snapshot held; {@code 304}
 * confirms it. Every attempt is bounded by a Resilience4j time limiter and guarded by a
 * circuit breaker; failed attempts (connection refused, timeout, 5xx) are retried with
 * the retry's (jittered, exponential) backoff. A pull that still fails, or an open
 * circuit, leaves the last good snapshot in place: the staleness rule of
 * {@link SnapshotForecastSource} decides how long it is used. A {@code 200} whose body
 * cannot be used at all (not JSON, another step) is refused without retrying; series that
 * are invalid on their own are dropped and the rest used. A body larger than
 * {@code maxSnapshotBytes} is not read past that size (a sidecar streaming a huge or
 * endless body cannot fill the heap) and is refused the same way.
 *
 * <p>
 * A sidecar that goes away is said in the log at once: the first pull that fails after a
 * good one (or the first pull of all) is logged at WARN, the failures that follow at
 * DEBUG (one line per failure would flood the log for as long as the sidecar is down),
 * and the first good pull after them at INFO, with how many pulls failed in between.
 */
public final class SidecarForecastClient {

	private static final Log logger = LogFactory.getLog(SidecarForecastClient.class);

	/** What one pull did. */
	public enum Outcome {

		/** A new snapshot is in use. */
		UPDATED,

		/** The sidecar confirmed the snapshot held. */
		NOT_MODIFIED,

		/**
		 * The sidecar answered, but nothing of what it sent could be used; the last good
		 * snapshot stays.
		 */
		REFUSED,

		/**
		 * The sidecar could not be reached in time (or the circuit is open); the last
		 * good snapshot stays.
		 */
		FAILED

	}

	private final HttpClient http;

	private final URI forecastsUri;

	private final ForecastSnapshotReader reader;

	private final SnapshotForecastSource target;

	private final TimeLimiter timeLimiter;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private volatile String etag;

	private final long maxSnapshotBytes;

	private final AtomicLong failures = new AtomicLong();

	private volatile double up = Double.NaN;

	private final AtomicLong refusals = new AtomicLong();

	/** Pulls failed since the last good one; 0 while pulls succeed. */
	private final AtomicLong failedInARow = new AtomicLong();

	public SidecarForecastClient(HttpClient http, URI sidecarUrl, ForecastSnapshotReader reader,
			SnapshotForecastSource target, TimeLimiter timeLimiter, CircuitBreaker circuitBreaker, Retry retry,
			long maxSnapshotBytes) {
		if (maxSnapshotBytes <= 0) {
			throw new IllegalArgumentException("the largest snapshot must be positive, got " + maxSnapshotBytes);
		}
		this.maxSnapshotBytes = maxSnapshotBytes;
		this.http = http;
		this.forecastsUri = sidecarUrl.resolve("/v1/forecasts");
		this.reader = reader;
		this.target = target;
		this.timeLimiter = timeLimiter;
		this.circuitBreaker = circuitBreaker;
		this.retry = retry;
	}

	/** One pull, with its timeouts and retries; never errors. */
	public Mono<Outcome> refresh() {
		return Mono.defer(this::attempt)
			.transformDeferred(TimeLimiterOperator.of(this.timeLimiter))
			.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
			.transformDeferred(RetryOperator.of(this.retry))
			.map(this::use)
			.doOnNext(this::answered)
			.onErrorResume(ex -> {
				this.failures.incrementAndGet();
				this.up = 0;
				failed(ex);
				return Mono.just(Outcome.FAILED);
			});
	}

	private void answered(Outcome outcome) {
		boolean good = outcome == Outcome.UPDATED || outcome == Outcome.NOT_MODIFIED;
		this.up = good ? 1 : 0;
		if (good) {
			long failed = this.failedInARow.getAndSet(0);
			if (failed > 0) {
				logger.info("Forecast pulls from " + this.forecastsUri + " succeed again, after " + failed
						+ " failed pull(s)");
			}
		}
	}

	private void failed(Throwable ex) {
		if (this.failedInARow.getAndIncrement() == 0) {
			logger.warn("Forecast pull from " + this.forecastsUri + " failed: " + ex
					+ "; the last good snapshot stays in use until predictive.forecast.staleness. "
					+ "Further failures are logged at DEBUG until a pull succeeds");
		}
		else {
			logger.debug("Forecast pull from " + this.forecastsUri + " failed (" + this.failedInARow.get()
					+ " in a row): " + ex);
		}
	}

	private Mono<HttpResponse<CappedBody>> attempt() {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.forecastsUri)
			.timeout(this.timeLimiter.getTimeLimiterConfig().getTimeoutDuration())
			.header("Accept", "application/json")
			.GET();
		String tag = this.etag;
		if (tag != null) {
			request.header("If-None-Match", tag);
		}
		// The exchange's future never fails: its failure comes back as a value, turned
		// into
		// an error here. A pull cut off by the time limit leaves the exchange to end on
		// its
		// own (cancellation is suppressed), and whatever it ends with is then ignored,
		// not
		// handed to Reactor's onErrorDropped (logged as an ERROR at every slow pull).
		return Mono
			.fromFuture(() -> this.http.sendAsync(request.build(), CappedBody.upTo(this.maxSnapshotBytes))
				.handle(Exchange::new), true)
			.flatMap(exchange -> (exchange.error() != null) ? Mono.error(exchange.cause())
					: Mono.just(exchange.response()))
			.flatMap(response -> (response.statusCode() == 200 || response.statusCode() == 304) ? Mono.just(response)
					: Mono.error(new SidecarStatusException(response.statusCode())));
	}

	/** How an exchange ended: its response, or its failure. */
	private record Exchange(@Nullable HttpResponse<CappedBody> response, @Nullable Throwable error) {

		Throwable cause() {
			Throwable error = this.error;
			return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		}

	}

	private Outcome use(HttpResponse<CappedBody> response) {
		if (response.statusCode() == 304) {
			this.target.confirm();
			return Outcome.NOT_MODIFIED;
		}
		if (response.body().exceeded()) {
			logger.warn("Forecast snapshot refused; keeping the last good one: its body is larger than "
					+ this.maxSnapshotBytes + " bytes (predictive.forecast.max-snapshot-size)");
			return refused();
		}
		try {
			ForecastSnapshotReader.Result result = this.reader.read(response.body().bytes());
			if (!result.dropped().isEmpty()) {
				logger.warn("Forecast snapshot: dropped " + result.dropped().size() + " invalid series: "
						+ result.dropped());
			}
			if (!this.target.accept(result)) {
				return refused();
			}
			this.etag = response.headers().firstValue("ETag").orElse(null);
			return Outcome.UPDATED;
		}
		catch (ForecastSnapshotReader.InvalidSnapshotException ex) {
			logger.warn("Forecast snapshot refused; keeping the last good one: " + ex.getMessage());
			return refused();
		}
	}

	private Outcome refused() {
		this.refusals.incrementAndGet();
		return Outcome.REFUSED;
	}

	/** Pulls that failed after their retries. */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * 1 when the last pull succeeded (a new snapshot or {@code 304}), 0 when it failed or
	 * what the sidecar sent could not be used at all, NaN before the first pull ended.
	 */
	public double up() {
		return this.up;
	}

	/**
	 * Pulls the sidecar answered with nothing usable (not JSON, another step, too large,
	 * every series invalid).
	 */
	public long refusals() {
		return this.refusals.get();
	}

	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/** The sidecar answered with a status other than 200 or 304. */
	static final class SidecarStatusException extends RuntimeException {

		SidecarStatusException(int status) {
			super("the sidecar answered " + status);
		}

	}

}
