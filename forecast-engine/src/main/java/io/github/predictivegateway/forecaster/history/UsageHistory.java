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
	private final TreeMap<Long, Map<ContributionKey, StepMeasures>> contributions = new TreeMap<>();

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

	public synchronized Applied apply(List<UsageRecord> records) {
		int added = 0;
		int replaced = 0;
		int tooOld = 0;
		for (UsageRecord record : records) {
			long step = Math.floorDiv(record.stepStart(), this.stepSeconds);
			SeriesKey id = new SeriesKey(record.tenant(), record.resource());
			StepMeasures now = new StepMeasures(record.demand(), record.attempted(), record.throttled(), record.bytes(),
					record.durationMsSum(), record.durationMsMax());
			if (this.newestStep != Long.MIN_VALUE && step < this.newestStep - this.dedupeSteps) {
				if (!IMPORTED_INSTANCE.equals(record.instance()) || step < this.newestStep - this.retentionSteps) {
					tooOld++;
				}
				else if (this.series.computeIfAbsent(id, k -> new SeriesUsage(step)).set(step, now)) {
					replaced++;
				}
				else {
					added++;
				}
				continue;
			}
			Map<ContributionKey, StepMeasures> ofStep = this.contributions.computeIfAbsent(step, k -> new HashMap<>());
			StepMeasures before = ofStep.put(new ContributionKey(record.instance(), id), now);
			SeriesUsage usage = this.series.computeIfAbsent(id, k -> new SeriesUsage(step));
			double longest = usage.measures(step).durationMsMax();
			if (before == null) {
				usage.add(step, now, Math.max(longest, now.durationMsMax()));
				added++;
			}
			else {
				boolean longestKept = now.durationMsMax() >= longest || before.durationMsMax() < longest;
				usage.add(step,
						new StepMeasures(now.demand() - before.demand(), now.attempted() - before.attempted(),
								now.throttled() - before.throttled(), now.bytes() - before.bytes(),
								now.durationMsSum() - before.durationMsSum(), 0),
						longestKept ? Math.max(longest, now.durationMsMax()) : longest(ofStep, id));
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

	/**
	 * The longest duration any instance reported for a series in a step: read again from
	 * the contributions when the instance that reported the longest sent a shorter one.
	 */
	private static double longest(Map<ContributionKey, StepMeasures> ofStep, SeriesKey id) {
		double longest = 0;
		for (Map.Entry<ContributionKey, StepMeasures> entry : ofStep.entrySet()) {
			if (entry.getKey().series().equals(id)) {
				longest = Math.max(longest, entry.getValue().durationMsMax());
			}
		}
		return longest;
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

	/** What a series measured in one step, summed over instances. */
	public synchronized StepMeasures measures(SeriesKey id, long step) {
		SeriesUsage usage = this.series.get(id);
		return (usage != null) ? usage.measures(step) : StepMeasures.NONE;
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
			for (long step = usage.firstStep(); step < Math.min(usage.endStep(), dedupeFrom); step++) {
				StepMeasures measures = usage.measures(step);
				if (!measures.isEmpty()) {
					records.add(record(COMPACTED_INSTANCE, id, step, measures));
				}
			}
		});
		this.contributions.forEach((step, byKey) -> byKey
			.forEach((key, measures) -> records.add(record(key.instance(), key.series(), step, measures))));
		records.sort(java.util.Comparator.comparingLong(UsageRecord::stepStart)
			.thenComparing(UsageRecord::tenant)
			.thenComparing(UsageRecord::resource)
			.thenComparing(UsageRecord::instance));
		return records;
	}

	private UsageRecord record(String instance, SeriesKey id, long step, StepMeasures measures) {
		return new UsageRecord(instance, id.tenant(), id.resource(), step * this.stepSeconds, measures.attempted(),
				measures.attempted() - measures.throttled(), 0, measures.throttled(), measures.demand(),
				measures.bytes(), measures.durationMsSum(), measures.durationMsMax());
	}

	public long stepSeconds() {
		return this.stepSeconds;
	}

}
