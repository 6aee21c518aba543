package io.github.predictivegateway.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writing one step's ledger for one resource type, retried until it is in place. Each
 * {@link #attempt()} is one call when the ledger is already there
 * ({@link LedgerScripts#claim}); otherwise the instance that holds the claim stages the
 * grants {@value #CHUNK} at a time and commits them with one O(1) rename, so no call
 * holds Redis for long however many tenants there are, and a ledger is never seen
 * half-written. A claimant that dies leaves a claim that expires after
 * {@link #CLAIM_MILLIS}; an attempt that fails (Redis down) or finds another instance
 * writing waits for the next one. Attempts never overlap.
 */
final class LedgerInstall {

	/** Grants (tenant, units) per staging call. */
	static final int CHUNK = 1000;

	/** How long a claim keeps the other instances from writing the same ledger. */
	static final long CLAIM_MILLIS = 2000;

	private final LedgerScripts scripts;

	private final RedisGuard guard;

	private final String owner;

	private final long step;

	private final String key;

	private final long ttlMillis;

	private final List<byte[]> fields;

	private final CompletableFuture<Boolean> done = new CompletableFuture<>();

	private final AtomicBoolean running = new AtomicBoolean();

	LedgerInstall(LedgerScripts scripts, RedisGuard guard, String owner, long step, String key, long ttlMillis,
			List<byte[]> fields) {
		this.scripts = scripts;
		this.guard = guard;
		this.owner = owner;
		this.step = step;
		this.key = key;
		this.ttlMillis = ttlMillis;
		this.fields = List.copyOf(fields);
	}

	String key() {
		return this.key;
	}

	long step() {
		return this.step;
	}

	/**
	 * Completes with {@code true} once this instance wrote the ledger, {@code false} once
	 * it found it written by another; fails when abandoned first.
	 */
	CompletableFuture<Boolean> done() {
		return this.done;
	}

	/** Tries once more, unless done or an attempt is under way. */
	void attempt() {
		if (this.done.isDone() || !this.running.compareAndSet(false, true)) {
			return;
		}
		String claimKey = this.key + ":claim";
		this.guard.<Long>background(() -> this.scripts.claim(this.key, claimKey, this.owner, CLAIM_MILLIS))
			.thenCompose(answer -> {
				if (answer == LedgerScripts.INSTALLED) {
					this.done.complete(false);
				}
				return (answer == LedgerScripts.CLAIMED) ? write(claimKey) : CompletableFuture.completedFuture(null);
			})
			.whenComplete((ignored, ex) -> this.running.set(false));
	}

	/** Gives up (its step is over, or the instance is closing). */
	void abandon() {
		this.done.completeExceptionally(
				new IllegalStateException("the ledger " + this.key + " was not installed before its step ended"));
	}

	private CompletableFuture<Void> write(String claimKey) {
		String stagingKey = this.key + ":staging:" + this.owner;
		CompletableFuture<Long> staged = CompletableFuture.completedFuture(0L);
		for (int from = 0; from < this.fields.size(); from += 2 * CHUNK) {
			List<byte[]> chunk = this.fields.subList(from, Math.min(this.fields.size(), from + 2 * CHUNK));
			staged = staged.thenCompose(
					previous -> this.guard.background(() -> this.scripts.stage(stagingKey, this.ttlMillis, chunk)));
		}
		return staged
			.thenCompose(previous -> this.guard.<Long>background(
					() -> this.scripts.commit(this.key, stagingKey, claimKey, this.owner, this.ttlMillis)))
			.thenAccept(written -> this.done.complete(written == 1L));
	}

}
