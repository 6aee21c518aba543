package io.github.predictivegateway.autoconfigure.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one task of the predictive loop on its own daemon thread, off the request path, at
 * a fixed delay in real time, and optionally once on start, on the starting thread,
 * before the web server takes traffic (it starts in a later phase). A failing run is
 * logged and the schedule goes on.
 */
public final class PeriodicTask implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicTask.class);

	private final String name;

	private final long initialDelayNanos;

	private final long intervalNanos;

	private final Runnable task;

	private boolean runOnStart;

	private ScheduledExecutorService executor;

	public PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable task) {
		this.name = name;
		this.initialDelayNanos = Math.max(0, initialDelay.toNanos());
		this.intervalNanos = Math.max(Duration.ofMillis(1).toNanos(), interval.toNanos());
		this.task = task;
	}

	/**
	 * Also runs the task once in {@link #start()}, before the schedule: e.g. the current
	 * step's grants.
	 */
	public PeriodicTask runningOnceOnStart() {
		this.runOnStart = true;
		return this;
	}

	/**
	 * An interval of a twentieth of a step as it runs in real time, within [10 ms, 1 s].
	 */
	public static Duration twentiethOf(Duration realStep) {
		long twentieth = realStep.toNanos() / 20;
		return Duration
			.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(), twentieth)));
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		if (this.runOnStart) {
			run();
		}
		this.executor.scheduleWithFixedDelay(this::run, this.initialDelayNanos, this.intervalNanos,
				TimeUnit.NANOSECONDS);
	}

	private void run() {
		try {
			this.task.run();
		}
		catch (RuntimeException ex) {
			logger.warn(this.name + " failed; it runs again at the next interval", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
