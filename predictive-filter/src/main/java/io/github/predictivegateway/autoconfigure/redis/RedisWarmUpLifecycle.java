package io.github.predictivegateway.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.redis.RedisWarmUp;

import org.springframework.context.SmartLifecycle;

/**
 * Runs distributed mode's warm-up ({@link RedisWarmUp}: connections to every master,
 * every script loaded, a decision's round trip) when the context starts, in a phase
 * before the periodic tasks (phase 0: the first step's grants are then prepared on a warm
 * connection) and before the web server takes connections; Boot therefore reports the
 * application ready ({@code ApplicationReadyEvent}, readiness {@code ACCEPTING_TRAFFIC})
 * only once Redis is warm, and the first burst is decided by Redis.
 *
 * <p>
 * It waits at most {@code predictive.redis.warm-up-timeout}, retrying every
 * {@value #RETRY_MILLIS} ms while Redis does not answer. A gateway must start without
 * Redis (its routes then follow their failure policy, as for an outage), so after that
 * time the context starts anyway, with a warning, and the warm-up goes on in the
 * background, every {@value #BACKGROUND_RETRY_MILLIS} ms, until it succeeds.
 */
final class RedisWarmUpLifecycle implements SmartLifecycle {

	/**
	 * Before {@code PeriodicTask} (0) and the web server (Boot's
	 * {@code START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 2048}).
	 */
	static final int PHASE = -1024;

	static final long RETRY_MILLIS = 50;

	static final long BACKGROUND_RETRY_MILLIS = 500;

	private static final Log logger = LogFactory.getLog(RedisWarmUpLifecycle.class);

	private final RedisWarmUp warmUp;

	private final Duration timeout;

	private volatile boolean running;

	private volatile boolean warm;

	private @Nullable Thread background;

	RedisWarmUpLifecycle(RedisWarmUp warmUp, Duration timeout) {
		this.warmUp = warmUp;
		this.timeout = timeout;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		long started = System.nanoTime();
		if (attempt(started + this.timeout.toNanos(), RETRY_MILLIS, started)) {
			return;
		}
		if (!this.timeout.isZero()) {
			logger.warn("Redis was not warmed up within predictive.redis.warm-up-timeout (" + this.timeout
					+ "); starting anyway: routes follow their failure policy until Redis answers, and the warm-up "
					+ "goes on in the background");
		}
		Thread thread = new Thread(() -> attempt(Long.MAX_VALUE, BACKGROUND_RETRY_MILLIS, started),
				"predictive-redis-warm-up");
		thread.setDaemon(true);
		thread.start();
		this.background = thread;
	}

	/**
	 * Attempts until one succeeds, the deadline ({@link System#nanoTime()}, or
	 * {@code Long.MAX_VALUE} for none) passes, or the lifecycle stops.
	 * @return whether Redis is warm
	 */
	private boolean attempt(long deadline, long retryMillis, long started) {
		Throwable last = null;
		while (this.running) {
			long left = (deadline == Long.MAX_VALUE) ? Long.MAX_VALUE : deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			try {
				int masters = this.warmUp.attempt().get(left, TimeUnit.NANOSECONDS);
				this.warm = true;
				logger.info("Redis warmed up in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms: "
						+ masters + ((masters == 1) ? " server" : " masters")
						+ ", scripts loaded, a decision's round trip made");
				return true;
			}
			catch (ExecutionException ex) {
				last = ex.getCause();
			}
			catch (TimeoutException ex) {
				last = ex;
				break;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			try {
				Thread.sleep((left == Long.MAX_VALUE) ? retryMillis
						: Math.min(retryMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		if (last != null && logger.isDebugEnabled()) {
			logger.debug("Last warm-up attempt failed", last);
		}
		return false;
	}

	/** Whether a warm-up has succeeded. */
	boolean isWarm() {
		return this.warm;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread thread = this.background;
		if (thread != null) {
			thread.interrupt();
			this.background = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
