package io.github.predictivegateway.gate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * The meters of one resource type's admission queue, all registered up front, so that
 * recording on the request path is an array lookup and an atomic add: no tag lists, no
 * meter lookups, no allocation.
 */
final class QueueMeters {

	static final int ADMITTED = 0;

	static final int TIMED_OUT = 1;

	static final int CANCELLED = 2;

	static final int DISPLACED = 3;

	private static final String[] OUTCOMES = { "admitted", "timed-out", "cancelled", "displaced" };

	private final Timer[][] waits;

	private final Counter[] timeouts;

	private final Counter[] full;

	private final Counter[] displaced;

	private final Counter[] failed;

	private final Counter[] neverFits;

	private final Counter[] admittedAtOnce;

	private final Counter[] admittedAfterWait;

	QueueMeters(MeterRegistry registry, String resource, QueueLanes lanes) {
		Gauge.builder(PredictiveMetricNames.QUEUE_LENGTH, lanes, QueueLanes::length)
			.strongReference(true)
			.tag(PredictiveMetricNames.RESOURCE, resource)
			.description("Requests waiting for the capacity gate")
			.register(registry);
		PriorityClass[] classes = PriorityClass.all();
		this.waits = new Timer[classes.length][OUTCOMES.length];
		this.timeouts = new Counter[classes.length];
		this.full = new Counter[classes.length];
		this.displaced = new Counter[classes.length];
		this.failed = new Counter[classes.length];
		this.neverFits = new Counter[classes.length];
		this.admittedAtOnce = new Counter[classes.length];
		this.admittedAfterWait = new Counter[classes.length];
		for (PriorityClass priority : classes) {
			int c = priority.ordinal();
			String tag = priority.tagValue();
			for (int o = 0; o < OUTCOMES.length; o++) {
				this.waits[c][o] = Timer.builder(PredictiveMetricNames.QUEUE_WAIT)
					.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.CLASS, tag,
							PredictiveMetricNames.OUTCOME, OUTCOMES[o])
					.description("Time requests spent in the admission queue")
					.register(registry);
			}
			this.timeouts[c] = Counter.builder(PredictiveMetricNames.QUEUE_TIMEOUTS)
				.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.CLASS, tag)
				.register(registry);
			this.full[c] = rejections(registry, resource, tag, "full");
			this.displaced[c] = rejections(registry, resource, tag, "displaced");
			this.failed[c] = rejections(registry, resource, tag, "failed");
			this.neverFits[c] = rejections(registry, resource, tag, "never-fits");
			this.admittedAtOnce[c] = admitted(registry, resource, tag, false);
			this.admittedAfterWait[c] = admitted(registry, resource, tag, true);
		}
	}

	private static Counter rejections(MeterRegistry registry, String resource, String priority, String reason) {
		return Counter.builder(PredictiveMetricNames.QUEUE_REJECTIONS)
			.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.CLASS, priority,
					PredictiveMetricNames.REASON, reason)
			.register(registry);
	}

	private static Counter admitted(MeterRegistry registry, String resource, String priority, boolean queued) {
		return Counter.builder(PredictiveMetricNames.GATE_ADMITTED)
			.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.CLASS, priority,
					PredictiveMetricNames.QUEUED, Boolean.toString(queued))
			.register(registry);
	}

	void admittedAtOnce(PriorityClass priority) {
		this.admittedAtOnce[priority.ordinal()].increment();
	}

	/** A wait that ended; {@code outcome} is one of the constants above. */
	void waited(PriorityClass priority, int outcome, long nanos) {
		this.waits[priority.ordinal()][outcome].record(nanos, TimeUnit.NANOSECONDS);
		switch (outcome) {
			case ADMITTED -> this.admittedAfterWait[priority.ordinal()].increment();
			case TIMED_OUT -> this.timeouts[priority.ordinal()].increment();
			case DISPLACED -> this.displaced[priority.ordinal()].increment();
			default -> {
			}
		}
	}

	void full(PriorityClass priority) {
		this.full[priority.ordinal()].increment();
	}

	/** A waiter answered with a failure of the gate, the clock or the scheduler. */
	void failed(PriorityClass priority) {
		this.failed[priority.ordinal()].increment();
	}

	/** A request costing more than the gate could ever admit in time. */
	void neverFits(PriorityClass priority) {
		this.neverFits[priority.ordinal()].increment();
	}

}
