package io.github.predictivegateway.bench.replay;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import io.github.predictivegateway.time.TimeSource;

/**
 * Virtual time for one replay: a Reactor {@link Scheduler} whose clock only moves when
 * the simulator calls {@link #advanceTo(long)}, and the engine's {@link TimeSource}
 * reading the same clock, so buckets, the capacity gate and the admission queue's
 * wake-ups and deadlines all see one time line.
 *
 * <p>
 * Tasks run on the caller's thread, in order of their due time and, at equal times, in
 * the order they were scheduled: a replay is single-threaded and therefore deterministic.
 * Reactor's {@code VirtualTimeScheduler} would do the same, but lives in
 * {@code reactor-test}, which the shaded jar should not ship.
 */
final class ReplayScheduler implements Scheduler, TimeSource {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long now;

	private long sequence;

	/**
	 * @param startEpochNanos the clock's first reading, nanoseconds since the epoch
	 */
	ReplayScheduler(long startEpochNanos) {
		this.now = startEpochNanos;
	}

	/**
	 * Runs every task due at or before {@code epochNanos}, each at its own time, then
	 * sets the clock there.
	 */
	void advanceTo(long epochNanos) {
		if (epochNanos < this.now) {
			throw new IllegalArgumentException("virtual time only moves forward: " + epochNanos + " < " + this.now);
		}
		for (Task next = this.tasks.peek(); next != null && next.at <= epochNanos; next = this.tasks.peek()) {
			this.tasks.poll();
			this.now = Math.max(this.now, next.at);
			if (!next.isDisposed()) {
				next.runnable.run();
			}
		}
		this.now = epochNanos;
	}

	/**
	 * Tasks scheduled and not yet run (disposed ones included until their time comes).
	 */
	int pending() {
		return this.tasks.size();
	}

	@Override
	public long epochNanos() {
		return this.now;
	}

	@Override
	public long now(TimeUnit unit) {
		return unit.convert(this.now, TimeUnit.NANOSECONDS);
	}

	@Override
	public Disposable schedule(Runnable task) {
		return schedule(task, 0, TimeUnit.NANOSECONDS);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		Task scheduled = new Task(task, this.now + unit.toNanos(Math.max(0, delay)), this.sequence++);
		this.tasks.add(scheduled);
		return scheduled;
	}

	@Override
	public Worker createWorker() {
		ReplayScheduler scheduler = this;
		class ReplayWorker extends DisposedFlag implements Worker {

			@Override
			public Disposable schedule(Runnable task) {
				return scheduler.schedule(task);
			}

			@Override
			public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
				return scheduler.schedule(task, delay, unit);
			}

		}
		return new ReplayWorker();
	}

	/**
	 * A disposable that only remembers that it was disposed: disposing a task skips it
	 * when its time comes; disposing a worker leaves its tasks scheduled.
	 */
	private abstract static class DisposedFlag implements Disposable {

		private volatile boolean disposed;

		@Override
		public void dispose() {
			this.disposed = true;
		}

		@Override
		public boolean isDisposed() {
			return this.disposed;
		}

	}

	private static final class Task extends DisposedFlag implements Comparable<Task> {

		final Runnable runnable;

		final long at;

		final long sequence;

		Task(Runnable runnable, long at, long sequence) {
			this.runnable = runnable;
			this.at = at;
			this.sequence = sequence;
		}

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
