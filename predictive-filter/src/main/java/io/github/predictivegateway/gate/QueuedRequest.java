package io.github.predictivegateway.gate;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A request waiting in a {@link PriorityAdmissionQueue}. Its state is the
 * {@code AtomicInteger} value; it leaves {@link #WAITING} exactly once, moved by whoever
 * gets there first (the drain loop admitting it or timing it out, a request of a higher
 * class displacing it, its subscriber cancelling), and its {@link Sinks.One} is completed
 * by that one alone.
 */
final class QueuedRequest extends AtomicInteger {

	static final int WAITING = 0;

	/** Admitted by the drain loop, the gate's units taken, not yet delivered. */
	static final int ADMITTED = 1;

	static final int DELIVERED = 2;

	/** Admitted, then cancelled before delivery: its units went back to the gate. */
	static final int RETURNED = 3;

	static final int TIMED_OUT = 4;

	static final int CANCELLED = 5;

	static final int DISPLACED = 6;

	/** Answered with a failure of the drain loop (its {@code Mono} fails). */
	static final int FAILED = 7;

	final PriorityClass priority;

	final long cost;

	final long arrival;

	final long deadline;

	final Sinks.One<GateResult> sink = Sinks.one();

	QueuedRequest(PriorityClass priority, long cost, long arrival, long deadline) {
		super(WAITING);
		this.priority = priority;
		this.cost = cost;
		this.arrival = arrival;
		this.deadline = deadline;
	}

	/**
	 * Nanoseconds waited by {@code now}, never negative: a request that arrived on
	 * another thread after the drain loop read its clock is admitted in the same loop,
	 * with that earlier reading.
	 */
	long waitedUntil(long now) {
		return Math.max(0, now - this.arrival);
	}

	/** The answer, delivered once; {@code onCancel} runs if the subscriber cancels. */
	Mono<GateResult> mono(Consumer<QueuedRequest> onCancel) {
		return this.sink.asMono().doOnCancel(() -> onCancel.accept(this)).filter(this::deliver);
	}

	/**
	 * An admission reaches the subscriber only if it was not cancelled (and its units
	 * returned) meanwhile.
	 */
	private boolean deliver(GateResult result) {
		return !result.admitted() || compareAndSet(ADMITTED, DELIVERED);
	}

}
