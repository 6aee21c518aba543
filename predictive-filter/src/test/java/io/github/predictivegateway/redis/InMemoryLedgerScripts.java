package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ledger scripts of {@link RedisLedgerScripts} on a map, for tests of what leases do
 * with the answers: each change is made at once, as Redis runs a script when it receives
 * it; the answer is delivered at once too, or, after {@link #holdAnswers()}, only at
 * {@link #deliverAnswers()} (a Redis that answers after the caller's timeout).
 */
final class InMemoryLedgerScripts implements LedgerScripts {

	private final Map<String, Map<String, Long>> ledgers = new HashMap<>();

	private final Map<String, String> claims = new HashMap<>();

	private final List<Runnable> heldAnswers = new ArrayList<>();

	private boolean holding;

	synchronized void holdAnswers() {
		this.holding = true;
	}

	void deliverAnswers() {
		List<Runnable> answers;
		synchronized (this) {
			this.holding = false;
			answers = new ArrayList<>(this.heldAnswers);
			this.heldAnswers.clear();
		}
		answers.forEach(Runnable::run);
	}

	/** Lets a claim lapse, as Redis expires it. */
	synchronized void expireClaim(String claimKey) {
		this.claims.remove(claimKey);
	}

	/** Units of {@code tenant} not leased, in the ledger {@code key}. */
	synchronized long left(String key, String tenant) {
		return this.ledgers.getOrDefault(key, Map.of()).getOrDefault(RedisKeys.field(tenant), 0L);
	}

	@Override
	public synchronized CompletableFuture<Long> claim(String key, String claimKey, String owner, long claimTtlMillis) {
		if (this.ledgers.containsKey(key)) {
			return answer(INSTALLED);
		}
		String holder = this.claims.putIfAbsent(claimKey, owner);
		return answer((holder == null || holder.equals(owner)) ? CLAIMED : BUSY);
	}

	@Override
	public synchronized CompletableFuture<Long> stage(String stagingKey, long ttlMillis, List<byte[]> grants) {
		Map<String, Long> staged = this.ledgers.computeIfAbsent(stagingKey, k -> new HashMap<>());
		for (int i = 0; i < grants.size(); i += 2) {
			staged.put(text(grants.get(i)), Long.parseLong(text(grants.get(i + 1))));
		}
		return answer(1);
	}

	@Override
	public synchronized CompletableFuture<Long> commit(String key, String stagingKey, String claimKey, String owner,
			long ttlMillis) {
		Map<String, Long> staged = this.ledgers.remove(stagingKey);
		if (this.ledgers.containsKey(key)) {
			return answer(0);
		}
		this.ledgers.put(key, (staged != null) ? staged : new HashMap<>());
		this.claims.remove(claimKey, owner);
		return answer(1);
	}

	@Override
	public synchronized CompletableFuture<Long> lease(String key, byte[] field, long want) {
		Map<String, Long> ledger = this.ledgers.getOrDefault(key, new HashMap<>());
		long n = Math.min(ledger.getOrDefault(text(field), 0L), want);
		if (n > 0) {
			ledger.merge(text(field), -n, Long::sum);
		}
		return answer(n);
	}

	@Override
	public synchronized CompletableFuture<Long> giveBack(String key, byte[] field, long units) {
		Map<String, Long> ledger = this.ledgers.get(key);
		if (ledger == null) {
			return answer(0);
		}
		ledger.merge(text(field), units, Long::sum);
		return answer(units);
	}

	private CompletableFuture<Long> answer(long value) {
		CompletableFuture<Long> answer = new CompletableFuture<>();
		if (this.holding) {
			this.heldAnswers.add(() -> answer.complete(value));
		}
		else {
			answer.complete(value);
		}
		return answer;
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
