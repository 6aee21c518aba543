package io.github.predictivegateway.autoconfigure.lifecycle;

import java.time.Duration;

import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.usage.UsagePublisher;

/**
 * On shutdown, publishes the usage of the current, unfinished step (and anything still
 * buffered) to the sidecar or the embedded forecaster, within
 * {@code predictive.usage.final-flush-timeout}; otherwise the forecaster would miss up to
 * a step of this instance's demand at every rolling update.
 *
 * <p>
 * Phase {@code -1}: it stops after the web server (Boot's graceful shutdown and the
 * server's stop run in phases near {@code DEFAULT_PHASE}), so every in-flight request has
 * been decided and counted, and after the periodic tasks of the loop (phase 0), so no
 * tick closes steps at the same time. Records are idempotent per instance and step, so a
 * step that was published in part before is not counted twice by the forecaster.
 */
public final class UsageFinalFlush extends ShutdownStep {

	private final UsageCycle cycle;

	private final UsagePublisher publisher;

	private final Duration bound;

	public UsageFinalFlush(UsageCycle cycle, UsagePublisher publisher, Duration bound) {
		super(-1);
		this.cycle = cycle;
		this.publisher = publisher;
		this.bound = bound;
	}

	@Override
	void shutDown(Runnable callback) {
		this.cycle.closeCurrent();
		this.publisher.flushAll(this.bound).doFinally(signal -> callback.run()).subscribe();
	}

}
