package io.github.predictivegateway.gate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

import io.github.predictivegateway.plan.Cost;

/**
 * The local admission queue of one resource type, in front of its {@link CapacityGate}.
 *
 * <p>
 * <b>Order.</b> A request passes at once when nobody is waiting and the gate has room.
 * Otherwise it waits in the lane of its {@link PriorityClass}; lanes are served in strict
 * priority order ({@code preallocated} before {@code standard}) and each lane first in,
 * first out. The head of the highest non-empty lane is admitted as soon as the gate holds
 * its cost; while it does not, nobody behind it is, so a large request is not starved by
 * small ones.
 *
 * <p>
 * <b>Bounds.</b> At most {@code max-length} requests wait, all lanes together. A request
 * that finds the queue full takes the place of the newest waiting request of a lower
 * class if there is one (that one is answered {@link GateResult.Outcome#QUEUE_FULL}), and
 * is itself answered {@code QUEUE_FULL} otherwise. A request waits at most its class's
 * {@code max-wait}: with {@code t0} its arrival, it is admitted if the gate has room for
 * it, in its turn, at any time {@code t ≤ t0 + max-wait}, and answered
 * {@link GateResult.Outcome#TIMED_OUT} at exactly {@code t0 + max-wait} otherwise.
 *
 * <p>
 * <b>Drainer.</b> Arrivals, cancellations and timer wake-ups all call one drain loop that
 * runs on whichever thread gets there first, never on two at once (a work-in-progress
 * counter, as in Reactor's own operators), and never waits: when the head does not fit,
 * it schedules one wake-up on the {@link Scheduler} at the earlier of the moment the gate
 * will hold the head's cost and the earliest deadline. Each waiting request is a
 * {@link Sinks.One} completed exactly once, by whoever moves it out of the waiting state
 * first (the drain loop when it is admitted or times out, a request of a higher class
 * that displaces it), so no thread is parked. All timing (arrival, deadlines, wake-ups)
 * reads the scheduler's clock, so a {@code VirtualTimeScheduler} drives the queue exactly
 * in tests. The lanes and their places are kept by {@link QueueLanes}, the pending
 * wake-up by {@link DrainWakeUp}.
 *
 * <p>
 * <b>Closing.</b> {@link #close(Duration)} refuses every later arrival
 * ({@link GateResult.Outcome#CLOSED}) and moves every waiter's deadline to
 * {@code min(deadline, now + grace)}: a waiter is still admitted if the gate holds its
 * cost, in its turn, by then, and answered {@code TIMED_OUT} at that moment otherwise. So
 * every waiting {@link Sinks.One} is completed within {@code grace}, and with a zero
 * grace at once.
 *
 * <p>
 * <b>Cancellation.</b> A cancelled request leaves its lane and frees its slot at once. If
 * the drain loop had admitted it but the grant was not delivered yet, its units go back
 * to the gate: capacity is never lost.
 *
 * <p>
 * <b>Requests that never fit.</b> A request costing more than {@link #largestRequest()},
 * what the gate lets through within the longest wait of any class
 * ({@link CapacityGate#largestRequest}), is answered
 * {@link GateResult.Outcome#NEVER_FITS} at once and never enters: admitting it would
 * leave the gate in debt for longer than anyone behind it may wait.
 *
 * <p>
 * <b>Failures.</b> Whatever the gate, the clock or the scheduler throws inside the drain
 * loop, the loop goes on: the request it was serving (the head it asked the gate for, or
 * else the head of the highest non-empty lane) leaves the queue and its {@code Mono}
 * fails with a {@link GateFailureException}; every other request is still admitted, timed
 * out or refused as above. Each failure answers one waiter, so a gate that always throws
 * empties the queue rather than wedging it.
 */
public final class PriorityAdmissionQueue implements AdmissionQueue {

	private final CapacityGate gate;

	private final Scheduler scheduler;

	private final long[] maxWaitNanos;

	private final QueueLanes lanes;

	private final AtomicInteger wip = new AtomicInteger();

	private final DrainWakeUp wakeUp;

	private final GateResult[] admittedAtOnce;

	private final QueueMeters meters;

	private final long largestRequest;

	/**
	 * The waiter the drain loop is asking the gate for, so that a failure there answers
	 * it; only the drain loop reads and writes it.
	 */
	private QueuedRequest serving;

	private volatile long closeDeadline = Long.MAX_VALUE;

	private volatile boolean closed;

	/**
	 * @param resource the resource type's name, for metric tags
	 * @param gate the capacity gate the queue is in front of
	 * @param settings the queue's bounds
	 * @param scheduler where wake-ups run, and the queue's clock
	 * @param registry where the queue's meters go
	 */
	public PriorityAdmissionQueue(String resource, CapacityGate gate, QueueSettings settings, Scheduler scheduler,
			MeterRegistry registry) {
		this.gate = gate;
		this.scheduler = scheduler;
		this.lanes = new QueueLanes(settings.maxLength());
		this.wakeUp = new DrainWakeUp(scheduler, this::drain);
		PriorityClass[] classes = PriorityClass.all();
		this.maxWaitNanos = new long[classes.length];
		this.admittedAtOnce = new GateResult[classes.length];
		for (PriorityClass priority : classes) {
			this.maxWaitNanos[priority.ordinal()] = settings.maxWait(priority).toNanos();
			this.admittedAtOnce[priority.ordinal()] = new GateResult(GateResult.Outcome.ADMITTED, priority, false, 0,
					0);
		}
		this.meters = new QueueMeters(registry, resource, this.lanes);
		long longestWait = 0;
		for (long wait : this.maxWaitNanos) {
			longestWait = Math.max(longestWait, wait);
		}
		this.largestRequest = gate.largestRequest(longestWait);
	}

	@Override
	public Mono<GateResult> acquire(PriorityClass priority, long cost) {
		Cost.require(cost);
		if (cost > this.largestRequest) {
			this.meters.neverFits(priority);
			return Mono.just(new GateResult(GateResult.Outcome.NEVER_FITS, priority, false, 0, 0));
		}
		return new Acquisition(priority, cost);
	}

	@Override
	public void release(long units) {
		this.gate.release(units);
	}

	@Override
	public long largestRequest() {
		return this.largestRequest;
	}

	@Override
	public int length() {
		return this.lanes.length();
	}

	/**
	 * Stops taking requests and answers every waiting one within {@code grace}: admitted
	 * if the gate holds its cost, in its turn, by then, refused with {@code TIMED_OUT}
	 * otherwise. Later arrivals are refused {@code CLOSED}. Returns at once; the waiters
	 * are answered by the drain loop on the scheduler.
	 */
	public void close(Duration grace) {
		long deadline = saturatedAdd(now(), Math.max(0, grace.toNanos()));
		synchronized (this) {
			this.closed = true;
			if (deadline < this.closeDeadline) {
				this.closeDeadline = deadline;
			}
		}
		this.wakeUp.cancel();
		drain();
	}

	public boolean isClosed() {
		return this.closed;
	}

	/** Units of all waiting requests together. */
	public long queuedUnits() {
		return this.lanes.queuedUnits();
	}

	private long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	/** Runs on subscription: passes at once, or enters the queue. */
	private Mono<GateResult> enter(PriorityClass priority, long cost) {
		int lane = priority.ordinal();
		long now = now();
		if (this.closed) {
			return Mono.just(refusal(GateResult.Outcome.CLOSED, priority, false, 0));
		}
		if (this.maxWaitNanos[lane] == 0) {
			this.meters.waited(priority, QueueMeters.TIMED_OUT, 0);
			return Mono.just(refusal(GateResult.Outcome.TIMED_OUT, priority, false, 0));
		}
		if (!takeSlot(priority)) {
			this.meters.full(priority);
			return Mono.just(refusal(GateResult.Outcome.QUEUE_FULL, priority, false, 0));
		}
		QueuedRequest waiter = new QueuedRequest(priority, cost, now, saturatedAdd(now, this.maxWaitNanos[lane]));
		this.lanes.add(waiter);
		drain();
		return waiter.mono(this::cancel);
	}

	/**
	 * Reserves a place in the queue, displacing the newest waiter of a lower class when
	 * it is full.
	 */
	private boolean takeSlot(PriorityClass priority) {
		if (this.lanes.reserve()) {
			return true;
		}
		QueuedRequest newest = this.lanes.displaceNewestBelow(priority);
		if (newest == null) {
			return false;
		}
		long waited = now() - newest.arrival;
		this.meters.waited(newest.priority, QueueMeters.DISPLACED, waited);
		newest.sink.tryEmitValue(refusal(GateResult.Outcome.QUEUE_FULL, newest.priority, true, waited));
		return true;
	}

	/**
	 * Runs the drain loop unless another thread is running it, in which case that thread
	 * runs it once more. Never throws: a failure answers the request being served (see
	 * the class comment) and the loop runs again, so the work-in-progress counter always
	 * returns to 0.
	 */
	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			boolean again;
			do {
				again = false;
				try {
					drainOnce(now());
				}
				catch (RuntimeException | Error ex) {
					again = fail(ex);
				}
				finally {
					this.serving = null;
				}
			}
			while (again);
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	/**
	 * Answers the request the failed loop was serving, or else the first waiting one,
	 * with the failure.
	 * @return whether a request was answered (the loop should run again)
	 */
	private boolean fail(Throwable ex) {
		QueuedRequest failed = this.serving;
		if (failed == null || failed.get() != QueuedRequest.WAITING) {
			failed = this.lanes.firstWaiting();
		}
		if (failed == null) {
			return false;
		}
		this.lanes.remove(failed);
		if (failed.compareAndSet(QueuedRequest.WAITING, QueuedRequest.FAILED)) {
			this.lanes.leave(failed);
			this.meters.failed(failed.priority);
			failed.sink.tryEmitError(new GateFailureException(ex));
		}
		return true;
	}

	private void drainOnce(long now) {
		for (;;) {
			QueuedRequest head = firstWaiting(now);
			this.serving = head;
			if (head != null && this.gate.tryAcquire(head.cost)) {
				this.lanes.remove(head);
				if (head.compareAndSet(QueuedRequest.WAITING, QueuedRequest.ADMITTED)) {
					this.lanes.leave(head);
					long waited = head.waitedUntil(now);
					this.meters.waited(head.priority, QueueMeters.ADMITTED, waited);
					head.sink.tryEmitValue(new GateResult(GateResult.Outcome.ADMITTED, head.priority, true, waited, 0));
				}
				else {
					this.gate.release(head.cost);
				}
				continue;
			}
			if (!expireDue(now)) {
				scheduleWake(head, now);
				return;
			}
		}
	}

	/**
	 * The head of the highest non-empty lane, after dropping stale entries and those past
	 * their deadline.
	 */
	private QueuedRequest firstWaiting(long now) {
		for (int lane = 0; lane < this.lanes.count(); lane++) {
			for (QueuedRequest head = this.lanes.head(lane); head != null; head = this.lanes.head(lane)) {
				if (deadlineOf(head) >= now) {
					return head;
				}
				expire(head, now);
			}
		}
		return null;
	}

	/**
	 * Answers the heads whose deadline is now or past, in every lane; true if there were
	 * any.
	 */
	private boolean expireDue(long now) {
		boolean expired = false;
		for (int lane = 0; lane < this.lanes.count(); lane++) {
			QueuedRequest head = this.lanes.head(lane);
			while (head != null && deadlineOf(head) <= now) {
				expire(head, now);
				expired = true;
				head = this.lanes.head(lane);
			}
		}
		return expired;
	}

	private void expire(QueuedRequest waiter, long now) {
		this.lanes.remove(waiter);
		if (waiter.compareAndSet(QueuedRequest.WAITING, QueuedRequest.TIMED_OUT)) {
			this.lanes.leave(waiter);
			long waited = now - waiter.arrival;
			this.meters.waited(waiter.priority, QueueMeters.TIMED_OUT, waited);
			waiter.sink.tryEmitValue(refusal(GateResult.Outcome.TIMED_OUT, waiter.priority, true, waited));
		}
	}

	/**
	 * Makes sure the drain loop runs again by the earlier of: the gate holding the head's
	 * cost, and the earliest deadline of any lane. One wake-up is pending at a time; an
	 * earlier need replaces a later one.
	 */
	private void scheduleWake(QueuedRequest head, long now) {
		long at = Long.MAX_VALUE;
		if (head != null) {
			at = saturatedAdd(now, Math.max(1, this.gate.nanosUntilAvailable(head.cost)));
		}
		at = Math.min(at, this.lanes.earliestDeadline(this::deadlineOf));
		if (at != Long.MAX_VALUE) {
			this.wakeUp.by(at, now);
		}
	}

	private void cancel(QueuedRequest waiter) {
		if (waiter.compareAndSet(QueuedRequest.WAITING, QueuedRequest.CANCELLED)) {
			this.lanes.remove(waiter);
			this.lanes.leave(waiter);
			this.meters.waited(waiter.priority, QueueMeters.CANCELLED, now() - waiter.arrival);
			drain();
		}
		else if (waiter.compareAndSet(QueuedRequest.ADMITTED, QueuedRequest.RETURNED)) {
			// admitted by the drain loop but never delivered: the units go back to the
			// gate
			this.gate.release(waiter.cost);
			drain();
		}
	}

	/**
	 * A refusal, with {@code Retry-After = max(1, ceil(units still queued / capacity))}
	 * seconds.
	 */
	private GateResult refusal(GateResult.Outcome outcome, PriorityClass priority, boolean queued, long waited) {
		long retryAfter = Math.max(1, (long) Math.ceil(this.lanes.queuedUnits() / this.gate.capacity()));
		return new GateResult(outcome, priority, queued, waited, retryAfter);
	}

	/** A waiter's own deadline, or the close deadline if that is earlier. */
	private long deadlineOf(QueuedRequest waiter) {
		return Math.min(waiter.deadline, this.closeDeadline);
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	/**
	 * One call of {@link #acquire}: decided when subscribed, so that a re-subscription
	 * asks again.
	 */
	private final class Acquisition extends Mono<GateResult> {

		private final PriorityClass priority;

		private final long cost;

		Acquisition(PriorityClass priority, long cost) {
			this.priority = priority;
			this.cost = cost;
		}

		@Override
		public void subscribe(CoreSubscriber<? super GateResult> actual) {
			PriorityAdmissionQueue queue = PriorityAdmissionQueue.this;
			Mono<GateResult> entered;
			try {
				if (!queue.closed && queue.lanes.length() == 0 && queue.gate.tryAcquire(this.cost)) {
					queue.meters.admittedAtOnce(this.priority);
					actual.onSubscribe(
							Operators.scalarSubscription(actual, queue.admittedAtOnce[this.priority.ordinal()]));
					return;
				}
				entered = queue.enter(this.priority, this.cost);
			}
			catch (RuntimeException ex) {
				// the gate or the clock failed before the request entered the queue
				Operators.error(actual, new GateFailureException(ex));
				return;
			}
			entered.subscribe(actual);
		}

	}

}
