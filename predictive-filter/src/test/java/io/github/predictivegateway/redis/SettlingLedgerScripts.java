package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The ledger's scripts as a test can wait for: each call is passed on, and
 * {@link #settle()} returns once every call made so far was answered and everything its
 * caller attached to the answer ran (a lease's units credited, its bucket ready to lease
 * again). The answer is handed on from the store's own thread, so whatever ran
 * synchronously after it has run when the call counts as settled.
 */
final class SettlingLedgerScripts implements LedgerScripts {

	private final LedgerScripts scripts;

	private int inFlight;

	SettlingLedgerScripts(LedgerScripts scripts) {
		this.scripts = scripts;
	}

	@Override
	public CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis) {
		return track(() -> this.scripts.claim(key, claimKey, owner, claimTtlMillis));
	}

	@Override
	public CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants) {
		return track(() -> this.scripts.stage(stagingKey, ttlMillis, grants));
	}

	@Override
	public CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner,
			long ttlMillis) {
		return track(() -> this.scripts.commit(key, stagingKey, claimKey, owner, ttlMillis));
	}

	@Override
	public CompletableFuture<Long> lease(String key, byte[] field, long want) {
		return track(() -> this.scripts.lease(key, field, want));
	}

	@Override
	public CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
		return track(() -> this.scripts.giveBack(key, field, units));
	}

	private CompletableFuture<Long> track(Supplier<CompletableFuture<Long>> call) {
		CompletableFuture<Long> started = call.get();
		CompletableFuture<Long> answer = new CompletableFuture<>();
		synchronized (this) {
			this.inFlight++;
		}
		started.whenComplete((value, failure) -> {
			try {
				if (failure != null) {
					answer.completeExceptionally(failure);
				}
				else {
					answer.complete(value);
				}
			}
			finally {
				synchronized (this) {
					this.inFlight--;
					notifyAll();
				}
			}
		});
		return answer;
	}

	/** Waits, at most 5 s, until every call made so far has been answered. */
	synchronized void settle() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.inFlight > 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new IllegalStateException(this.inFlight + " ledger calls unanswered after 5 s");
			}
			wait(Math.max(1, left / 1_000_000));
		}
	}

}
