package io.github.predictivegateway.sidecar.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.predictivegateway.forecaster.history.UsageHistory;

/**
 * Counts the usage records the sidecar receives by what became of them: accepted,
 * deduplicated (a record sent again replaces the earlier one), too old to be deduplicated
 * (dropped), or in a batch rejected as invalid.
 */
public final class IntakeMeters {

	private final Counter accepted;

	private final Counter deduplicated;

	private final Counter tooOld;

	private final Counter rejected;

	public IntakeMeters(MeterRegistry registry) {
		this.accepted = records(registry, "accepted");
		this.deduplicated = records(registry, "deduplicated");
		this.tooOld = records(registry, "too-old");
		this.rejected = records(registry, "rejected");
	}

	/** A stored batch. */
	public void stored(UsageHistory.Applied applied) {
		this.accepted.increment(applied.added());
		this.deduplicated.increment(applied.replaced());
		this.tooOld.increment(applied.tooOld());
	}

	/** A batch refused as invalid, with that many records in it. */
	public void rejected(int records) {
		this.rejected.increment(records);
	}

	private static Counter records(MeterRegistry registry, String outcome) {
		return Counter.builder(SidecarMetricNames.USAGE_RECORDS)
			.tag(SidecarMetricNames.OUTCOME, outcome)
			.description("Usage records received, by what became of them")
			.register(registry);
	}

}
