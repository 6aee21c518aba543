package io.github.predictivegateway.forecaster.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

/**
 * Usage summed over gateway instances per series and step, with each instance's
 * contribution remembered for the most recent {@code dedupeSteps} steps so that a record
 * sent again replaces the earlier one instead of adding to it: a retried batch never
 * counts twice. Records for steps older than that window are refused (counted as too
 * old), since their contributions are no longer known; steps older than
 * {@code retentionSteps} are forgotten.
 *
 * <p>
 * History imported as a whole (instance {@value #IMPORTED_INSTANCE}, {@code POST
 * /v1/history/import}) is the exception: within the window it is one more instance's
 * contribution, like any other; for an older step it sets the series' usage of that step
 * outright, whatever was summed there before. So a series whose history is imported after
 * another's newer usage arrived is not refused, and importing the same file again leaves
 * the same history (each record sets its step; none adds).
 *
 * <p>
 * Deterministic: the same records in the same order give the same state, which is what
 * replaying the journal after a restart relies on. Both windows are measured from the
 * newest step seen, not from the wall clock.
 */
public final class UsageHistory {

	/** Instance name of the records that stand for older steps' sums after compaction. */
	public static final String COMPACTED_INSTANCE = "_compacted";

	/**
	 * Instance name of imported history: for steps older than the dedupe window its
	 * records set the step's usage instead of adding to it.
	 */
	public static final String IMPORTED_INSTANCE = "_import";

	private final long stepSeconds;

	private final int dedupeSteps;

	private final int retentionSteps;

	private final Map<SeriesKey, SeriesUsage> series = new TreeMap<>();

	/**
	 * Per step (oldest first), each instance's contribution to each series: forgetting a
	 * step drops one entry.
	 */
	private final TreeMap<Long, Map<ContributionKey, Contribution>> contributions = new TreeMap<>();

	private long newestStep = Long.MIN_VALUE;

	private long generation;

	public UsageHistory(long stepSeconds, int dedupeSteps, int retentionSteps) {
		if (stepSeconds < 1 || dedupeSteps < 1 || retentionSteps < dedupeSteps) {
			throw new IllegalArgumentException("need step >= 1 s and 1 <= dedupe steps <= retention steps, got "
					+ stepSeconds + ", " + dedupeSteps + ", " + retentionSteps);
		}
		this.stepSeconds = stepSeconds;
		this.dedupeSteps = dedupeSteps;
		this.retentionSteps = retentionSteps;
	}

	/** What applying a batch did. */
	public record Applied(int added, int replaced, int tooOld) {

		public int accepted() {
			return this.added + this.replaced;
		}

	}

	record ContributionKey(String instance, SeriesKey series) {
	}

	record Contribution(double demand, long attempted, long throttled) {
	}

	public synchronized Applied apply(List<UsageRecord> records) {
		int added = 0;
		int replaced = 0;
		int tooOld = 0;
		for (UsageRecord record : records) {
			long step = Math.floorDiv(record.stepStart(), this.stepSeconds);
			SeriesKey id = new SeriesKey(record.tenant(), record.resource());
			if (this.newestStep != Long.MIN_VALUE && step < this.newestStep - this.dedupeSteps) {
				if (!IMPORTED_INSTANCE.equals(record.instance()) || step < this.newestStep - this.retentionSteps) {
					tooOld++;
				}
				else if (this.series.computeIfAbsent(id, k -> new SeriesUsage(step))
					.set(step, record.demand(), record.attempted(), record.throttled())) {
					replaced++;
				}
				else {
					added++;
				}
				continue;
			}
			Contribution now = new Contribution(record.demand(), record.attempted(), record.throttled());
			Contribution before = this.contributions.computeIfAbsent(step, k -> new HashMap<>())
				.put(new ContributionKey(record.instance(), id), now);
			SeriesUsage usage = this.series.computeIfAbsent(id, k -> new SeriesUsage(step));
			if (before == null) {
				usage.add(step, now.demand(), now.attempted(), now.throttled());
				added++;
			}
			else {
				usage.add(step, now.demand() - before.demand(), now.attempted() - before.attempted(),
						now.throttled() - before.throttled());
				replaced++;
			}
			if (step > this.newestStep) {
				this.newestStep = step;
				forgetOld();
			}
		}
		if (added + replaced > 0) {
			this.generation++;
		}
		return new Applied(added, replaced, tooOld);
	}

	/** Changes whenever usage is added: part of the forecast snapshot's identity. */
	public synchronized long generation() {
		return this.generation;
	}

	private void forgetOld() {
		this.contributions.headMap(this.newestStep - this.dedupeSteps).clear();
		long keepFrom = this.newestStep - this.retentionSteps;
		Iterator<SeriesUsage> it = this.series.values().iterator();
		while (it.hasNext()) {
			SeriesUsage usage = it.next();
			usage.dropBefore(keepFrom);
			if (usage.isEmpty()) {
				it.remove();
			}
		}
	}

	public synchronized List<SeriesKey> series() {
		return new ArrayList<>(this.series.keySet());
	}

	/**
	 * The newest step with usage, as an index on the step grid; {@link Long#MIN_VALUE}
	 * when empty.
	 */
	public synchronized long newestStep() {
		return this.newestStep;
	}

	/** The first step held for a series, or {@link Long#MIN_VALUE} if it has none. */
	public synchronized long firstStep(SeriesKey id) {
		SeriesUsage usage = this.series.get(id);
		return (usage != null) ? usage.firstStep() : Long.MIN_VALUE;
	}

	/** Demand of a series in steps {@code [from, to)}; 0 where nothing was recorded. */
	public synchronized double[] demand(SeriesKey id, long from, long to) {
		SeriesUsage usage = this.series.get(id);
		return (usage != null) ? usage.demand(from, to) : new double[(int) Math.max(0, to - from)];
	}

	/** Attempted and throttled requests of a series in one step. */
	public synchronized long[] requests(SeriesKey id, long step) {
		SeriesUsage usage = this.series.get(id);
		return (usage != null) ? new long[] { usage.attempted(step), usage.throttled(step) } : new long[2];
	}

	/**
	 * Records that rebuild this state when applied in order to an empty history: each
	 * remembered instance contribution as it was received, and, for older steps, one
	 * record per series and step under the instance {@value #COMPACTED_INSTANCE}. Ordered
	 * by step, so none is too old when replayed. Used to compact the journal.
	 */
	public synchronized List<UsageRecord> toRecords() {
		long dedupeFrom = this.newestStep - this.dedupeSteps;
		List<UsageRecord> records = new ArrayList<>();
		this.series.forEach((id, usage) -> {
			double[] demand = usage.demand(usage.firstStep(), Math.min(usage.endStep(), dedupeFrom));
			for (int i = 0; i < demand.length; i++) {
				long step = usage.firstStep() + i;
				long attempted = usage.attempted(step);
				long throttled = usage.throttled(step);
				if (demand[i] != 0 || attempted != 0) {
					records.add(new UsageRecord(COMPACTED_INSTANCE, id.tenant(), id.resource(), step * this.stepSeconds,
							attempted, attempted - throttled, 0, throttled, demand[i], 0, 0, 0));
				}
			}
		});
		this.contributions.forEach((step,
				byKey) -> byKey.forEach((key,
						c) -> records.add(new UsageRecord(key.instance(), key.series().tenant(),
								key.series().resource(), step * this.stepSeconds, c.attempted(),
								c.attempted() - c.throttled(), 0, c.throttled(), c.demand(), 0, 0, 0))));
		records.sort(java.util.Comparator.comparingLong(UsageRecord::stepStart)
			.thenComparing(UsageRecord::tenant)
			.thenComparing(UsageRecord::resource)
			.thenComparing(UsageRecord::instance));
		return records;
	}

	public long stepSeconds() {
		return this.stepSeconds;
	}

}
