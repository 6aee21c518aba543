package io.github.predictivegateway.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.preallocation.PreallocationCycle;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link PreallocationCycle#tick()} on one daemon thread, off the request path, every twentieth of a step
 * (between 10 ms and 1 s), and once on start, before traffic. A failing tick is logged and retried at the next one; it never stops the schedule.
 */
final class PreallocationScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PreallocationScheduler.class);

	private final PreallocationCycle cycle;

	private final long intervalNanos;

	private ScheduledExecutorService executor;

	PreallocationScheduler(PreallocationCycle cycle, Duration step) {
		this.cycle = cycle;
		long twentieth = step.toNanos() / 20;
		this.intervalNanos = Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(),
				twentieth));
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "predictive-preallocation");
			thread.setDaemon(true);
			return thread;
		});
		// the first tick runs before the gateway takes traffic, so the current step's grants are in place at once
		tick();
		this.executor.scheduleWithFixedDelay(this::tick, this.intervalNanos, this.intervalNanos, TimeUnit.NANOSECONDS);
	}

	private void tick() {
		try {
			this.cycle.tick();
		}
		catch (RuntimeException ex) {
			logger.warn("Preparing pre-allocations failed; retrying at the next tick", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	/** Starts before the web server (which starts in a late phase) and stops after it. */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
