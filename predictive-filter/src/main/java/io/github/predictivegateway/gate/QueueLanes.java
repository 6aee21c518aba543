package io.github.predictivegateway.gate;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Where the requests of a {@link PriorityAdmissionQueue} wait: a lane per
 * {@link PriorityClass}, first in, first out, and the places they hold, at most
 * {@code maxLength} in all lanes together, with the units they ask for. Lock-free and
 * safe for any thread. A waiter's state says whether it still waits; an entry that no
 * longer does may stay in its lane until a look at the lane's head drops it, but its
 * place and units are given up by {@link #leave} as soon as it stops waiting.
 */
final class QueueLanes {

	private final ConcurrentLinkedDeque<QueuedRequest>[] lanes;

	private final int maxLength;

	private final AtomicInteger length = new AtomicInteger();

	private final AtomicLong queuedUnits = new AtomicLong();

	@SuppressWarnings("unchecked")
	QueueLanes(int maxLength) {
		this.maxLength = maxLength;
		this.lanes = new ConcurrentLinkedDeque[PriorityClass.all().length];
		for (int lane = 0; lane < this.lanes.length; lane++) {
			this.lanes[lane] = new ConcurrentLinkedDeque<>();
		}
	}

	/** Places taken: requests waiting, all lanes together. */
	int length() {
		return this.length.get();
	}

	/** Units of all waiting requests together. */
	long queuedUnits() {
		return this.queuedUnits.get();
	}

	/** How many lanes there are, highest priority first. */
	int count() {
		return this.lanes.length;
	}

	/** Takes a free place, if there is one. */
	boolean reserve() {
		for (int length = this.length.get(); length < this.maxLength; length = this.length.get()) {
			if (this.length.compareAndSet(length, length + 1)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Moves the newest waiting request of a class lower than {@code priority} out of the
	 * waiting state ({@link QueuedRequest#DISPLACED}): its place passes to the caller
	 * (the length does not change), its units leave.
	 * @return the displaced request, which the caller answers, or null when there was
	 * none
	 */
	QueuedRequest displaceNewestBelow(PriorityClass priority) {
		for (int lane = this.lanes.length - 1; lane > priority.ordinal(); lane--) {
			for (QueuedRequest newest = this.lanes[lane].pollLast(); newest != null; newest = this.lanes[lane]
				.pollLast()) {
				if (newest.compareAndSet(QueuedRequest.WAITING, QueuedRequest.DISPLACED)) {
					this.queuedUnits.addAndGet(-newest.cost);
					return newest;
				}
			}
		}
		return null;
	}

	/** Queues a request at the end of its lane, in the place it reserved. */
	void add(QueuedRequest waiter) {
		this.queuedUnits.addAndGet(waiter.cost);
		this.lanes[waiter.priority.ordinal()].offerLast(waiter);
	}

	/** Takes a request out of its lane. */
	void remove(QueuedRequest waiter) {
		this.lanes[waiter.priority.ordinal()].removeFirstOccurrence(waiter);
	}

	/** Gives up the place and units of a request that stopped waiting. */
	void leave(QueuedRequest waiter) {
		this.length.decrementAndGet();
		this.queuedUnits.addAndGet(-waiter.cost);
	}

	/**
	 * The first waiting request of {@code lane}, after dropping the entries before it
	 * that no longer wait; null when none waits.
	 */
	QueuedRequest head(int lane) {
		ConcurrentLinkedDeque<QueuedRequest> queued = this.lanes[lane];
		for (QueuedRequest head = queued.peekFirst(); head != null; head = queued.peekFirst()) {
			if (head.get() == QueuedRequest.WAITING) {
				return head;
			}
			queued.removeFirstOccurrence(head);
		}
		return null;
	}

	/** The first waiting request of the highest lane that has one, or null. */
	QueuedRequest firstWaiting() {
		for (ConcurrentLinkedDeque<QueuedRequest> lane : this.lanes) {
			for (QueuedRequest waiter : lane) {
				if (waiter.get() == QueuedRequest.WAITING) {
					return waiter;
				}
			}
		}
		return null;
	}

	/**
	 * The earliest deadline of the entries at the heads of the lanes, or
	 * {@link Long#MAX_VALUE} when every lane is empty.
	 */
	long earliestDeadline(ToLongFunction<QueuedRequest> deadlineOf) {
		long at = Long.MAX_VALUE;
		for (ConcurrentLinkedDeque<QueuedRequest> lane : this.lanes) {
			QueuedRequest first = lane.peekFirst();
			if (first != null) {
				at = Math.min(at, deadlineOf.applyAsLong(first));
			}
		}
		return at;
	}

}
