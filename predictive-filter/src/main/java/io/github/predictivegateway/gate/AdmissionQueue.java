package io.github.predictivegateway.gate;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * The second stage of admission for one resource type: a request the tenant stage
 * admitted takes its cost from the capacity gate, at once if the gate has room and nobody
 * is waiting, otherwise after waiting its turn.
 *
 * <p>
 * Every returned {@code Mono} completes with one {@link GateResult} (admitted, timed out,
 * or refused because the queue is full or the request can never fit) within the class's
 * maximum wait, or fails with a {@link GateFailureException} if the gate, the clock or
 * the scheduler failed while serving it; nothing is ever left hanging. Cancelling it
 * leaves the queue at once. No thread is parked while a request waits.
 */
public interface AdmissionQueue {

	/**
	 * Asks the gate for {@code cost} units for a request of class {@code priority}.
	 * @throws IllegalArgumentException if {@code cost < 1}
	 */
	Mono<GateResult> acquire(PriorityClass priority, long cost);

	/**
	 * Stops taking requests and answers every waiting one within {@code grace} (admitted
	 * if the gate has room for it in time, refused otherwise); later arrivals are
	 * refused. Used when the gateway shuts down.
	 */
	void close(Duration grace);

	/** Requests waiting now. */
	int length();

	/**
	 * Gives back to the gate {@code units} that an admitted request took and will not use
	 * (another stage refused it before it reached the backend).
	 */
	void release(long units);

	/**
	 * The most units one request may cost: what the gate lets through within the longest
	 * wait of any class ({@link CapacityGate#largestRequest}). {@link #acquire} answers a
	 * costlier request {@link GateResult.Outcome#NEVER_FITS} at once.
	 */
	long largestRequest();

}
