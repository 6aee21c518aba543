package io.github.predictivegateway.autoconfigure.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle that does nothing on start and one asynchronous piece of work on stop, in
 * its phase: the shape of the gateway's shutdown steps (draining the queues, flushing the
 * last usage). Subclasses implement {@link #stop(Runnable)} and call the callback when
 * their work is done.
 */
abstract class ShutdownStep implements SmartLifecycle {

	private final int phase;

	private volatile boolean running;

	ShutdownStep(int phase) {
		this.phase = phase;
	}

	@Override
	public final void start() {
		this.running = true;
	}

	@Override
	public final void stop() {
		throw new UnsupportedOperationException("stop(Runnable) is the only way to stop it");
	}

	@Override
	public final void stop(Runnable callback) {
		this.running = false;
		shutDown(callback);
	}

	/** The step's work; {@code done} must be run once it is over. */
	abstract void shutDown(Runnable done);

	@Override
	public final boolean isRunning() {
		return this.running;
	}

	@Override
	public final int getPhase() {
		return this.phase;
	}

}
