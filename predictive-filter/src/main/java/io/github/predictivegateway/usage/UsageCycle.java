package io.github.predictivegateway.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Closes steps and hands their usage on, off the request path: step {@code s} is closed
 * once {@code closeDelay} has passed after its end (at most a quarter step, so that
 * requests decided at the very end of the step have reported their upstream duration),
 * its offered demand per series goes to the {@link AdjustmentMultipliers} and its records
 * to the {@link UsagePublisher} (if any). Before the adjustment learns from a step, the
 * {@link StepCloseListener} (if any) is told of it with its records. {@link #tick()} is
 * called often by a scheduler, directly by tests.
 *
 * <p>
 * With a {@link ClusterUsage} (several instances on one store), a closed step's records
 * are added to the cluster's instead, and the listener and the adjustment learn from the
 * cluster's total, read {@code settle} after the step was closed (every instance closes
 * it at the same engine time and has had that long to add its records). A step whose
 * total cannot be read (the store down) is not learnt from: this instance's share would
 * read as demand far below the forecast.
 */
public final class UsageCycle {

	private static final Log logger = LogFactory.getLog(UsageCycle.class);

	private final Steps steps;

	private final TimeSource time;

	private final UsageAggregator aggregator;

	private final AdjustmentMultipliers adjustment;

	private final UsagePublisher publisher;

	private final long closeDelayNanos;

	private final StepCloseListener listener;

	private final @Nullable ClusterUsage cluster;

	private final long settleNanos;

	/** Steps closed and added to the cluster's usage, waiting to be learnt from. */
	private final NavigableSet<Long> unsettled = new TreeSet<>();

	private long closedThrough = Long.MIN_VALUE;

	/**
	 * @param publisher where records go, or {@code null} to use them for the adjustment
	 * only
	 */
	public UsageCycle(Steps steps, TimeSource time, UsageAggregator aggregator, AdjustmentMultipliers adjustment,
			UsagePublisher publisher, Duration closeDelay) {
		this(steps, time, aggregator, adjustment, publisher, closeDelay, (step, records) -> {
		});
	}

	/**
	 * @param publisher where records go, or {@code null} to use them for the adjustment
	 * only
	 * @param listener told of every closed step, in order, before the adjustment learns
	 * from it
	 */
	public UsageCycle(Steps steps, TimeSource time, UsageAggregator aggregator, AdjustmentMultipliers adjustment,
			UsagePublisher publisher, Duration closeDelay, StepCloseListener listener) {
		this(steps, time, aggregator, adjustment, publisher, closeDelay, listener, null);
	}

	/**
	 * @param cluster where the instances add up their usage, or {@code null} for a single
	 * instance (learns from its own records)
	 */
	public UsageCycle(Steps steps, TimeSource time, UsageAggregator aggregator, AdjustmentMultipliers adjustment,
			UsagePublisher publisher, Duration closeDelay, StepCloseListener listener, @Nullable ClusterUsage cluster) {
		this.cluster = cluster;
		this.steps = steps;
		this.time = time;
		this.aggregator = aggregator;
		this.adjustment = adjustment;
		this.publisher = publisher;
		this.closeDelayNanos = Math.min(closeDelay.toNanos(), steps.lengthNanos() / 4);
		this.settleNanos = Math.max(this.closeDelayNanos, 1);
		this.listener = listener;
	}

	/**
	 * Closes what is due and starts a publish if one is due; the returned Mono completes
	 * when it is done.
	 */
	public Mono<Void> tick() {
		closeDue();
		if (this.cluster != null) {
			learnSettled();
		}
		return (this.publisher != null) ? this.publisher.flush() : Mono.empty();
	}

	synchronized void closeDue() {
		long now = this.time.epochNanos();
		long current = this.steps.indexOf(now);
		long closable = (now - this.steps.startNanos(current) >= this.closeDelayNanos) ? current - 1 : current - 2;
		if (closable <= this.closedThrough) {
			return;
		}
		List<StepUsage> records = this.aggregator.closeThrough(closable);
		Map<Long, Map<SeriesKey, Double>> demand = new HashMap<>();
		Map<Long, List<StepUsage>> byStep = new HashMap<>();
		for (StepUsage record : records) {
			long step = this.steps
				.indexOf(record.stepStart().getEpochSecond() * 1_000_000_000L + record.stepStart().getNano());
			demand.computeIfAbsent(step, s -> new HashMap<>())
				.merge(new SeriesKey(record.tenant(), record.resource()), record.units(), Double::sum);
			byStep.computeIfAbsent(step, s -> new ArrayList<>()).add(record);
		}
		long from = (this.closedThrough == Long.MIN_VALUE) ? closable - 8 : this.closedThrough + 1;
		for (long step = Math.max(from, closable - 8); step <= closable; step++) {
			if (this.cluster != null) {
				long closed = step;
				this.cluster.contribute(step, byStep.getOrDefault(step, List.of())).whenComplete((done, ex) -> {
					if (ex != null) {
						logger.warn("This instance's usage of step " + closed + " could not be added to the cluster's ("
								+ ex.getMessage() + "); every instance learns from that step without it");
					}
				});
				this.unsettled.add(step);
			}
			else {
				this.listener.stepClosed(step, byStep.getOrDefault(step, List.of()));
				this.adjustment.observe(step, demand.getOrDefault(step, Map.of()));
			}
		}
		if (this.publisher != null && !records.isEmpty()) {
			this.publisher.offer(records);
		}
		this.closedThrough = closable;
	}

	/**
	 * Learns, in step order, from the cluster's total of each step closed at least
	 * {@code settle} ago. Waits for the reads (each bounded by the store's time limit):
	 * runs on the cycle's thread, never on the request path.
	 */
	synchronized void learnSettled() {
		long now = this.time.epochNanos();
		while (!this.unsettled.isEmpty()) {
			long step = this.unsettled.first();
			if (now - this.steps.startNanos(step + 1) < this.closeDelayNanos + this.settleNanos) {
				return;
			}
			this.unsettled.pollFirst();
			List<StepUsage> total;
			try {
				total = this.cluster.total(step).join();
			}
			catch (RuntimeException ex) {
				logger.warn("The cluster's usage of step " + step + " could not be read (" + ex.getMessage()
						+ "); the adjustment skips that step");
				continue;
			}
			Map<SeriesKey, Double> demand = new HashMap<>();
			for (StepUsage record : total) {
				demand.merge(new SeriesKey(record.tenant(), record.resource()), record.units(), Double::sum);
			}
			this.listener.stepClosed(step, total);
			this.adjustment.observe(step, demand);
		}
	}

	/**
	 * On shutdown: closes every open step, the current unfinished one included, and
	 * buffers its records for the publisher. The unfinished step is not shown to the
	 * adjustment (part of a step would read as demand below the forecast). Later ticks
	 * find nothing more to close.
	 */
	public synchronized void closeCurrent() {
		long current = this.steps.indexOf(this.time.epochNanos());
		List<StepUsage> records = this.aggregator.closeThrough(current);
		if (this.publisher != null && !records.isEmpty()) {
			this.publisher.offer(records);
		}
		this.closedThrough = Math.max(this.closedThrough, current);
	}

}
