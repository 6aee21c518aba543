package io.github.predictivegateway.alert;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One alerting round, run on a schedule off the request path: evaluate the rules, log
 * what changed, and hand the alerts due to the {@link AlertNotifier}. Batches are sent
 * one after another, in order (a resolution never overtakes the firing it ends, even
 * while the firing one is being retried); at most {@value #MAX_WAITING} batches wait, a
 * further one is dropped and counted as a failed notification, as is a batch the notifier
 * gave up. {@link #close()} lets the batches already queued go out and takes no more.
 */
public final class AlertCycle implements AutoCloseable {

	/** The most batches waiting for the notifier. */
	static final int MAX_WAITING = 64;

	private static final Log logger = LogFactory.getLog(AlertCycle.class);

	private record Batch(List<Alert> alerts, Sinks.One<Boolean> delivered) {

	}

	private final AlertEvaluator evaluator;

	private final Sinks.Many<Batch> batches = Sinks.many()
		.unicast()
		.onBackpressureBuffer(Queues.<Batch>get(MAX_WAITING).get());

	private final AtomicLong failures = new AtomicLong();

	public AlertCycle(AlertEvaluator evaluator, AlertNotifier notifier) {
		this.evaluator = evaluator;
		this.batches.asFlux()
			.concatMap(batch -> notifier.send(batch.alerts()).onErrorReturn(false).doOnNext(delivered -> {
				if (!delivered) {
					this.failures.incrementAndGet();
				}
			}).doOnNext(delivered -> batch.delivered().tryEmitValue(delivered)), 0)
			.subscribe();
	}

	/**
	 * Evaluates the rules and queues the alerts due.
	 * @return whether they were delivered (empty when none was due), completing once the
	 * notifier is done
	 */
	public Mono<Boolean> tick() {
		List<Alert> due = this.evaluator.evaluate();
		if (due.isEmpty()) {
			return Mono.empty();
		}
		for (Alert alert : due) {
			logger.info("Alert " + (alert.resolved() ? "resolved" : "firing") + ": " + AlertText.labels(alert.labels())
					+ ": " + alert.annotations().get("description"));
		}
		Sinks.One<Boolean> delivered = Sinks.one();
		synchronized (this.batches) {
			if (this.batches.tryEmitNext(new Batch(due, delivered)).isFailure()) {
				this.failures.incrementAndGet();
				logger.warn("Alert notifications are backed up; dropped " + due.size() + " alert(s)");
				return Mono.just(false);
			}
		}
		return delivered.asMono();
	}

	/**
	 * Notifications not delivered: given up by the notifier, or dropped while too many
	 * waited.
	 */
	public long failures() {
		return this.failures.get();
	}

	@Override
	public void close() {
		synchronized (this.batches) {
			this.batches.tryEmitComplete();
		}
	}

	public AlertEvaluator evaluator() {
		return this.evaluator;
	}

}
