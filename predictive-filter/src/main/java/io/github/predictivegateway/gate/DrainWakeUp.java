package io.github.predictivegateway.gate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The one pending wake-up of an admission queue's drain loop on its {@link Scheduler}: an
 * earlier need replaces a later one, a later need leaves an earlier one in place. Safe
 * for any thread.
 */
final class DrainWakeUp {

	private final Scheduler scheduler;

	private final Runnable drain;

	private final AtomicReference<Wake> pending = new AtomicReference<>();

	DrainWakeUp(Scheduler scheduler, Runnable drain) {
		this.scheduler = scheduler;
		this.drain = drain;
	}

	/**
	 * Makes sure the drain loop runs again by {@code at}, in the scheduler's nanoseconds.
	 * If the scheduler refuses, no wake-up is pending after all (the next drain must
	 * schedule one) and its exception is thrown.
	 */
	void by(long at, long now) {
		Wake pending = this.pending.get();
		if (pending != null && pending.at <= at) {
			return;
		}
		Wake wake = new Wake(at);
		if (this.pending.compareAndSet(pending, wake)) {
			if (pending != null) {
				pending.cancel();
			}
			try {
				wake.task = this.scheduler.schedule(wake, Math.max(0, at - now), TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				this.pending.compareAndSet(wake, null);
				throw ex;
			}
		}
	}

	/** Cancels the pending wake-up, if there is one. */
	void cancel() {
		Wake pending = this.pending.getAndSet(null);
		if (pending != null) {
			pending.cancel();
		}
	}

	/** A scheduled run of the drain loop. */
	private final class Wake implements Runnable {

		final long at;

		volatile Disposable task;

		Wake(long at) {
			this.at = at;
		}

		@Override
		public void run() {
			DrainWakeUp.this.pending.compareAndSet(this, null);
			DrainWakeUp.this.drain.run();
		}

		void cancel() {
			Disposable scheduled = this.task;
			if (scheduled != null) {
				scheduled.dispose();
			}
		}

	}

}
