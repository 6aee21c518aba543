package io.github.predictivegateway.preallocation;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.Steps;

/**
 * Where the request path finds a tenant's shadow bucket: the grants of the current step
 * and, prepared ahead of time, those of the next one. The next step's grants take over at
 * the step boundary on the first lookup after it, with no timer involved; grants of a
 * past step are never returned, which is how what is left of a grant expires.
 *
 * <p>
 * For the observation of closed steps, the last {@value #KEPT} grants installed are also
 * kept, read only through {@link #installed(long)}: a step's grant and what was spent of
 * it are still known after the step has ended.
 */
public final class ShadowBucketTable {

	private final Steps steps;

	private final int resourceCount;

	private final AtomicReference<StepGrants> current;

	/**
	 * How many installed grants are kept for {@link #installed(long)}: the current, the
	 * next and a few closed.
	 */
	static final int KEPT = 6;

	private volatile StepGrants next;

	private final ArrayDeque<StepGrants> recent = new ArrayDeque<>(KEPT);

	public ShadowBucketTable(Steps steps, int resourceCount) {
		this.steps = steps;
		this.resourceCount = resourceCount;
		StepGrants none = StepGrants.empty(Long.MIN_VALUE, resourceCount);
		this.current = new AtomicReference<>(none);
		this.next = none;
	}

	/**
	 * Puts grants in place for their step: the current one if it has begun, otherwise the
	 * next.
	 */
	public void install(StepGrants grants, long nowNanos) {
		if (grants.step() <= this.steps.indexOf(nowNanos)) {
			this.current.set(grants);
		}
		else {
			this.next = grants;
		}
		synchronized (this.recent) {
			this.recent.addLast(grants);
			while (this.recent.size() > KEPT) {
				this.recent.removeFirst();
			}
		}
	}

	/**
	 * The grants installed for {@code step} if they are among the last {@value #KEPT}
	 * installed, whether the step is to come, current or over; {@code null} otherwise.
	 * Never on the request path.
	 */
	public StepGrants installed(long step) {
		synchronized (this.recent) {
			Iterator<StepGrants> newestFirst = this.recent.descendingIterator();
			while (newestFirst.hasNext()) {
				StepGrants grants = newestFirst.next();
				if (grants.step() == step) {
					return grants;
				}
			}
		}
		return null;
	}

	/**
	 * The tenant's shadow bucket in the step holding {@code nowNanos}, or {@code null}.
	 */
	public ShadowBucket find(String tenant, ResourceType resource, long nowNanos) {
		StepGrants grants = grantsAt(nowNanos);
		return (grants != null) ? grants.shadowBucket(tenant, resource) : null;
	}

	/**
	 * The grants of the step holding {@code nowNanos}, or {@code null} if none were
	 * prepared for it.
	 */
	public StepGrants grantsAt(long nowNanos) {
		long step = this.steps.indexOf(nowNanos);
		StepGrants grants = this.current.get();
		if (grants.step() == step) {
			return grants;
		}
		StepGrants upcoming = this.next;
		if (upcoming.step() == step) {
			// only replaces what this thread saw, so a stalled thread cannot put an older
			// step back
			this.current.compareAndSet(grants, upcoming);
			return upcoming;
		}
		return null;
	}

	int resourceCount() {
		return this.resourceCount;
	}

}
