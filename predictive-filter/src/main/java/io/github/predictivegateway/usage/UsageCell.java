package io.github.predictivegateway.usage;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import io.github.predictivegateway.admission.Decision;

/**
 * What one tenant offered of one resource type in one step, counted on the request path:
 * a handful of {@link LongAdder} increments per request, no allocation, no lock.
 */
public final class UsageCell {

	private static final Decision[] DECISIONS = Decision.values();

	/**
	 * Most units and bytes one request adds (10^12): a forged {@code Content-Length} near
	 * 2^63 is throttled, but counted as it is it would wrap the step's sum around; at
	 * this cap 9 million such requests still sum exactly.
	 */
	static final long MAX_PER_REQUEST = 1_000_000_000_000L;

	private final LongAdder attempted = new LongAdder();

	private final LongAdder[] byDecision = new LongAdder[DECISIONS.length];

	private final LongAdder refusedAtGate = new LongAdder();

	private final LongAdder units = new LongAdder();

	private final LongAdder throttledUnits = new LongAdder();

	private final LongAdder bytes = new LongAdder();

	private final LongAdder durationNanos = new LongAdder();

	private final LongAccumulator durationNanosMax = new LongAccumulator(Math::max, 0);

	UsageCell() {
		for (int i = 0; i < this.byDecision.length; i++) {
			this.byDecision[i] = new LongAdder();
		}
	}

	/** One decided request of {@code cost} units and {@code bytes} request bytes. */
	public void record(Decision decision, long cost, long bytes) {
		this.attempted.increment();
		this.byDecision[decision.ordinal()].increment();
		this.units.add(Math.min(cost, MAX_PER_REQUEST));
		if (decision == Decision.THROTTLED) {
			this.throttledUnits.add(Math.min(cost, MAX_PER_REQUEST));
		}
		if (bytes > 0) {
			this.bytes.add(Math.min(bytes, MAX_PER_REQUEST));
		}
	}

	/**
	 * Units and bytes of a request already recorded, charged while its body streamed (a
	 * body without {@code Content-Length} is charged as it passes).
	 */
	public void streamed(long units, long bytes) {
		this.units.add(Math.min(Math.max(0, units), MAX_PER_REQUEST));
		if (bytes > 0) {
			this.bytes.add(Math.min(bytes, MAX_PER_REQUEST));
		}
	}

	/**
	 * A request already recorded as admitted by the tenant stage that the capacity gate
	 * then refused (timed out in its queue, or the queue was full): it counts as not
	 * admitted.
	 */
	public void refusedAtGate() {
		this.refusedAtGate.increment();
	}

	/** How long one request admitted in this step took upstream. */
	public void recordDuration(long nanos) {
		if (nanos >= 0) {
			this.durationNanos.add(nanos);
			this.durationNanosMax.accumulate(nanos);
		}
	}

	long attempted() {
		return this.attempted.sum();
	}

	long count(Decision decision) {
		return this.byDecision[decision.ordinal()].sum();
	}

	long gateRefusals() {
		return this.refusedAtGate.sum();
	}

	/**
	 * The units offered, where those of the requests the tenant stage refused count up to
	 * {@code maxRefused}.
	 */
	long units(long maxRefused) {
		return this.units.sum() - Math.max(0, this.throttledUnits.sum() - maxRefused);
	}

	long bytes() {
		return this.bytes.sum();
	}

	long durationNanos() {
		return this.durationNanos.sum();
	}

	long durationNanosMax() {
		return this.durationNanosMax.get();
	}

}
