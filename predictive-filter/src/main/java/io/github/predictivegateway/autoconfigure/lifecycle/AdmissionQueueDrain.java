package io.github.predictivegateway.autoconfigure.lifecycle;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import io.github.predictivegateway.gate.AdmissionQueues;

import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, closes the admission queues so that no request waiting for a capacity gate
 * is left hanging: each is admitted if its gate makes room for it within
 * {@code predictive.queue.drain-timeout}, and answered 503 with {@code Retry-After} at
 * that moment otherwise; later arrivals are answered 503 at once.
 *
 * <p>
 * It stops in the phase of Boot's graceful shutdown
 * ({@code WebServerGracefulShutdownLifecycle}, {@code
 * DEFAULT_PHASE - 1024}), alongside it: the web server stops taking connections and waits
 * for in-flight requests, and the waiting ones among them are exactly those this answers.
 * Both stop asynchronously, so the phase ends when both are done, within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public final class AdmissionQueueDrain extends ShutdownStep {

	/** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(AdmissionQueueDrain.class);

	private final AdmissionQueues queues;

	private final Duration drainTimeout;

	public AdmissionQueueDrain(AdmissionQueues queues, Duration drainTimeout) {
		super(PHASE);
		this.queues = queues;
		this.drainTimeout = drainTimeout;
	}

	@Override
	void shutDown(Runnable callback) {
		int waiting = this.queues.length();
		this.queues.close(this.drainTimeout);
		if (waiting > 0) {
			logger.info("Shutting down: " + waiting + " requests wait for a capacity gate; they are answered within "
					+ this.drainTimeout);
		}
		// every waiter is answered by the drain deadline; this only waits for the answers
		// to leave the queues
		Mono.defer(() -> (this.queues.length() == 0) ? Mono.<Void>empty()
				: Mono.<Void>error(new IllegalStateException(this.queues.length() + " requests still waiting")))
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(20)))
			.timeout(this.drainTimeout.plusSeconds(1))
			.onErrorResume(ex -> {
				logger.warn("Admission queues not empty after the drain timeout: " + ex.getMessage());
				return Mono.empty();
			})
			.doFinally(signal -> callback.run())
			.subscribe();
	}

}
