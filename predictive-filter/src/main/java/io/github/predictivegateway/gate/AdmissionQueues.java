package io.github.predictivegateway.gate;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

/**
 * The second stage of admission for every declared resource type: one capacity gate and
 * one {@link PriorityAdmissionQueue} in front of it per resource type.
 */
public final class AdmissionQueues {

	private final AdmissionQueue[] queues;

	public AdmissionQueues(ResourceTypes resources, CapacityGates gates, QueueSettings settings, Scheduler scheduler,
			MeterRegistry registry) {
		this.queues = new AdmissionQueue[resources.size()];
		for (ResourceType resource : resources.all()) {
			this.queues[resource.index()] = new PriorityAdmissionQueue(resource.name(), gates.gateFor(resource),
					settings, scheduler, registry);
		}
	}

	/**
	 * Asks the gate of {@code resource} for {@code cost} units; see
	 * {@link AdmissionQueue#acquire}.
	 */
	public Mono<GateResult> acquire(ResourceType resource, PriorityClass priority, long cost) {
		return this.queues[resource.index()].acquire(priority, cost);
	}

	/**
	 * The most units one request of {@code resource} may cost; see
	 * {@link AdmissionQueue#largestRequest()}.
	 */
	public long largestRequest(ResourceType resource) {
		return this.queues[resource.index()].largestRequest();
	}

	/**
	 * Gives back {@code units} of {@code resource}'s gate; see
	 * {@link AdmissionQueue#release}.
	 */
	public void release(ResourceType resource, long units) {
		this.queues[resource.index()].release(units);
	}

	/** Closes every queue; see {@link AdmissionQueue#close}. */
	public void close(Duration grace) {
		for (AdmissionQueue queue : this.queues) {
			queue.close(grace);
		}
	}

	/** Requests waiting now in all queues together. */
	public int length() {
		int length = 0;
		for (AdmissionQueue queue : this.queues) {
			length += queue.length();
		}
		return length;
	}

	public AdmissionQueue queue(ResourceType resource) {
		return this.queues[resource.index()];
	}

}
