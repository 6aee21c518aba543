package io.github.predictivegateway.sidecar.config;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.sidecar.metrics.TrainingMeters;

import org.springframework.context.SmartLifecycle;

/**
 * The sidecar's two timers, on their own daemon threads: retraining every
 * {@code retrain-interval} of the sidecar's time (compressed time retrains every
 * compressed day), and the model loader's look at the model directory every
 * {@code loader-poll-interval}. A failing run is logged and the schedule goes on.
 */
final class SidecarSchedules implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SidecarSchedules.class);

	private final Retrainer retrainer;

	private final TrainingMeters meters;

	private final ModelLoader loader;

	private final ForecasterSettings settings;

	private final double timeScale;

	private @Nullable ScheduledExecutorService executor;

	SidecarSchedules(ForecasterEngine engine, TrainingMeters meters, double timeScale) {
		this.retrainer = engine.retrainer();
		this.meters = meters;
		this.loader = engine.loader();
		this.settings = engine.settings();
		this.timeScale = timeScale;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService started = Executors.newScheduledThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "sidecar-schedule");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = started;
		started.scheduleWithFixedDelay(() -> run("retraining", this::retrain),
				this.settings.retrainInitialDelay().toMillis(), this.settings.retrainPeriod(this.timeScale).toMillis(),
				TimeUnit.MILLISECONDS);
		long poll = this.settings.loaderPollInterval().toMillis();
		started.scheduleWithFixedDelay(() -> run("model loading", this.loader::refresh), poll, poll,
				TimeUnit.MILLISECONDS);
	}

	private void retrain() {
		List<Retrainer.Outcome> outcomes = this.meters.timed(this.retrainer::retrainAll);
		long promoted = outcomes.stream().filter(Retrainer.Outcome::promoted).count();
		logger.info("Scheduled retraining: " + outcomes.size() + " series, " + promoted + " new versions");
	}

	private static void run(String what, Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled " + what + " failed; it runs again at the next interval", ex);
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
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
