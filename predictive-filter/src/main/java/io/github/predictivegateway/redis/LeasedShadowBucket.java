package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.github.predictivegateway.plan.Cost;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.AbstractShadowBucket;

/**
 * One instance's part of a tenant's grant for one step (see {@link RedisLeases}): it
 * spends only units it leased from the shared ledger, with a compare-and-set, and asks
 * for the next chunk in the background before it runs out. Never blocks and never waits
 * for Redis: when the lease is empty the request goes to the standard bucket, and the
 * lease it asks for serves the next ones.
 *
 * <p>
 * {@link #remaining()} is what this instance holds now, not what is left of the grant
 * cluster-wide; {@link #used()} what this instance spent; {@link #granted()} the grant as
 * installed plus what this instance was topped up within the step ({@link #topUp}).
 */
final class LeasedShadowBucket extends AbstractShadowBucket {

	private final RedisLeases leases;

	private final long step;

	private final ResourceType resource;

	private final long fairShare;

	private final long installed;

	private final String ledgerKey;

	private final byte[] field;

	/** Striped: every request of the tenant on every event loop adds to it. */
	private final LongAdder spent = new LongAdder();

	private final AtomicBoolean leasing = new AtomicBoolean();

	private volatile long chunk;

	private volatile long lastLeaseNanos;

	private volatile long spentAtLastLease;

	private volatile long lastRequestNanos;

	private volatile long lastCost;

	private volatile long quietUntilNanos;

	LeasedShadowBucket(RedisLeases leases, long step, String tenant, ResourceType resource, long granted,
			long fairShare, String ledgerKey, String field) {
		super(granted, 0);
		this.leases = leases;
		this.step = step;
		this.resource = resource;
		this.fairShare = Math.max(1, fairShare);
		this.installed = granted;
		this.ledgerKey = ledgerKey;
		this.field = field.getBytes(StandardCharsets.UTF_8);
		this.chunk = Math.max(1, this.fairShare / 10);
		long now = leases.nanoTime();
		this.lastLeaseNanos = now;
		this.lastRequestNanos = now;
		this.quietUntilNanos = now;
	}

	@Override
	public long tryConsume(long cost) {
		Cost.require(cost);
		// a request, served or not, keeps the lease from being given back as idle;
		// written at most every
		// horizon / 16 (idleness is judged at 2 × horizon), so concurrent requests mostly
		// only read it
		long now = this.leases.nanoTime();
		if (now - this.lastRequestNanos > this.leases.horizonNanos() >> 4) {
			this.lastRequestNanos = now;
		}
		if (this.lastCost != cost) {
			this.lastCost = cost;
		}
		long left = takeHeld(cost);
		if (left < 0) {
			lease(cost);
			return -1;
		}
		this.spent.add(cost);
		if (left < (this.chunk + 1) / 2) {
			lease(cost);
		}
		return left;
	}

	/**
	 * Asks for the next chunk (at least {@code atLeast}) unless a lease is under way or
	 * the ledger just ran dry. The units are credited by {@link RedisLeases#lease} when
	 * Redis answers, even late.
	 */
	void lease(long atLeast) {
		long now = this.leases.nanoTime();
		if (now - this.quietUntilNanos < 0 || !this.leasing.compareAndSet(false, true)) {
			return;
		}
		long want = Math.max(atLeast, nextChunk(now));
		this.leases.lease(this, want).whenComplete((taken, ex) -> {
			if (ex != null || taken < want) {
				// the ledger is (nearly) dry or Redis is down or slow: do not ask again
				// on every request
				this.quietUntilNanos = this.leases.nanoTime() + this.leases.horizonNanos() / 2;
			}
			this.leasing.set(false);
		});
	}

	/**
	 * Gives back units a request took from this instance's lease and did not use: back to
	 * the lease, not to the shared ledger (no Redis call), and no longer counted as
	 * spent. Never more than this instance has spent, so that the lease never holds more
	 * than it leased, nor the grant (the spent units are read once: calls that together
	 * give back more than was taken, at the same time, can exceed it by their excess).
	 */
	@Override
	public void giveBack(long units) {
		Cost.require(units);
		long back = Math.min(units, this.spent.sum());
		if (back > 0) {
			this.spent.add(-back);
			held().addAndGet(back);
		}
	}

	/** Adds units this instance now holds: a lease Redis answered. */
	void credit(long units) {
		held().addAndGet(units);
	}

	/**
	 * Adds units moved from the shared pool into this lease (a top-up Redis answered) to
	 * what this instance holds and to its view of the grant.
	 */
	void topUp(long units) {
		grant().addAndGet(units);
		held().addAndGet(units);
	}

	/** The grant as installed in the shared ledger for the step, without top-ups. */
	long installed() {
		return this.installed;
	}

	private long nextChunk(long now) {
		long spentNow = this.spent.sum();
		long elapsed = Math.max(1, now - this.lastLeaseNanos);
		long since = spentNow - this.spentAtLastLease;
		if (since > 0) {
			double perNano = (double) since / elapsed;
			this.chunk = Math.max(1, Math.min(this.fairShare, (long) Math.ceil(perNano * this.leases.horizonNanos())));
		}
		this.lastLeaseNanos = now;
		this.spentAtLastLease = spentNow;
		return this.chunk;
	}

	/**
	 * Takes what this instance holds beyond {@code keep} units out of the lease, to give
	 * it back.
	 */
	long drainAbove(long keep) {
		long current;
		do {
			current = held().get();
			if (current <= keep) {
				return 0;
			}
		}
		while (!held().compareAndSet(current, keep));
		return current - keep;
	}

	@Override
	public long used() {
		return this.spent.sum();
	}

	long step() {
		return this.step;
	}

	ResourceType resource() {
		return this.resource;
	}

	String ledgerKey() {
		return this.ledgerKey;
	}

	byte[] fieldBytes() {
		return this.field;
	}

	/** When a request last asked this lease, on {@link RedisLeases#nanoTime()}. */
	long lastRequestNanos() {
		return this.lastRequestNanos;
	}

	/** The cost of the last request that asked this lease, 0 before the first. */
	long lastCost() {
		return this.lastCost;
	}

}
