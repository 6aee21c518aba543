package io.github.predictivegateway.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.StepCloseListener;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Turns each closed step's usage into a {@link ClosedStep}: per series its usage records
 * joined with the forecast the step was prepared with (still remembered by the
 * {@link AdjustmentMultipliers}, which learns from the step only after this) and the
 * grant installed for it (kept by the {@link ShadowBucketTable}), and per resource type
 * its {@link ResourceLending}; then hands it to the observers, in order. Runs on the
 * usage cycle's thread, once per step.
 *
 * <p>
 * A series is observed in a step if it offered anything, had a forecast or was granted
 * something; one without a usage record offered nothing. Used units are the grant minus
 * what was left in the shadow bucket at the close.
 */
public final class StepObservations implements StepCloseListener {

	private static final Log logger = LogFactory.getLog(StepObservations.class);

	private static final Comparator<SeriesKey> SERIES_ORDER = Comparator.comparing(SeriesKey::tenant)
		.thenComparing(SeriesKey::resource);

	private final Steps steps;

	private final ResourceTypes resources;

	private final ShadowBucketTable table;

	private final AdjustmentMultipliers adjustment;

	private final List<StepObserver> observers;

	private final boolean clusterWide;

	public StepObservations(Steps steps, ResourceTypes resources, ShadowBucketTable table,
			AdjustmentMultipliers adjustment, List<StepObserver> observers) {
		this(steps, resources, table, adjustment, observers, false);
	}

	/**
	 * @param clusterWide whether the records are the whole cluster's (distributed mode,
	 * {@link io.github.predictivegateway.usage.ClusterUsage}): what was spent of a grant
	 * is then read from them (the units of the requests served from pre-allocation, by
	 * every instance), not from this instance's share of the lease
	 */
	public StepObservations(Steps steps, ResourceTypes resources, ShadowBucketTable table,
			AdjustmentMultipliers adjustment, List<StepObserver> observers, boolean clusterWide) {
		this.clusterWide = clusterWide;
		this.steps = steps;
		this.resources = resources;
		this.table = table;
		this.adjustment = adjustment;
		this.observers = List.copyOf(observers);
	}

	/**
	 * Observes the step and tells every observer. An observer that throws is logged and
	 * skipped: it must stop neither the others nor the usage cycle (whose adjustment
	 * learns from the step right after this).
	 */
	@Override
	public void stepClosed(long step, List<StepUsage> records) {
		ClosedStep closed = observe(step, records);
		if (closed.observations().isEmpty()) {
			return;
		}
		for (StepObserver observer : this.observers) {
			try {
				observer.stepClosed(closed);
			}
			catch (RuntimeException ex) {
				logger.warn("Step observer " + observer.getClass().getName() + " failed on step " + step, ex);
			}
		}
	}

	ClosedStep observe(long step, List<StepUsage> records) {
		Map<SeriesKey, Forecast> forecasts = this.adjustment.expected(step);
		StepGrants grants = this.table.installed(step);
		Map<SeriesKey, StepUsage> usage = new LinkedHashMap<>();
		for (StepUsage record : records) {
			usage.put(new SeriesKey(record.tenant(), record.resource()), record);
		}
		TreeSet<SeriesKey> series = new TreeSet<>(SERIES_ORDER);
		series.addAll(usage.keySet());
		series.addAll(forecasts.keySet());
		if (grants != null) {
			grants.byTenant().forEach((tenant, buckets) -> {
				for (ResourceType resource : this.resources.all()) {
					if (resource.index() < buckets.length && buckets[resource.index()] != null) {
						series.add(new SeriesKey(tenant, resource.name()));
					}
				}
			});
		}
		List<Draft> drafts = new ArrayList<>();
		for (SeriesKey key : series) {
			if (this.resources.contains(key.resource())) {
				drafts.add(draft(key, usage.get(key), forecasts.get(key), grants));
			}
		}
		List<ResourceLending> lending = new ArrayList<>();
		Map<String, Double> lentShare = new LinkedHashMap<>();
		for (ResourceType resource : this.resources.all()) {
			long granted = 0;
			long wasted = 0;
			double standard = 0;
			for (Draft draft : drafts) {
				if (draft.key.resource().equals(resource.name())) {
					granted += draft.granted;
					wasted += draft.granted - draft.used;
					standard += draft.standardUnits;
				}
			}
			if (granted == 0 && standard == 0) {
				continue;
			}
			ResourceLending lent = ResourceLending.of(resource.name(), step,
					resource.capacityPerStep(this.steps.lengthSeconds()), granted, wasted, standard);
			lending.add(lent);
			lentShare.put(resource.name(), (wasted > 0) ? lent.lent() / wasted : 0.0);
		}
		List<StepObservation> observations = new ArrayList<>(drafts.size());
		for (Draft draft : drafts) {
			double lent = (draft.granted - draft.used) * lentShare.getOrDefault(draft.key.resource(), 0.0);
			observations.add(draft.toObservation(step, this.steps, lent));
		}
		return new ClosedStep(step, this.steps.start(step), observations, lending);
	}

	private Draft draft(SeriesKey key, StepUsage record, Forecast forecast, StepGrants grants) {
		ShadowBucket bucket = (grants != null) ? grants.shadowBucket(key.tenant(), this.resources.get(key.resource()))
				: null;
		long granted = (bucket != null) ? bucket.granted() : 0;
		long spent = this.clusterWide ? preallocatedUnits(record) : ((bucket != null) ? bucket.used() : 0);
		long used = Math.max(0, Math.min(granted, spent));
		double multiplier = (forecast != null) ? this.adjustment.multiplier(key, forecast) : 1.0;
		double admittedUnits = (record != null && record.attempted() > 0)
				? record.units() * record.admitted() / record.attempted() : 0;
		return new Draft(key, record, forecast, granted, used, multiplier, Math.max(0, admittedUnits - used));
	}

	/**
	 * The units of the requests served from pre-allocation: the record's offered units
	 * per attempted request times those requests (exact when every request of the series
	 * costs the same).
	 */
	private static long preallocatedUnits(@Nullable StepUsage record) {
		if (record == null || record.attempted() == 0) {
			return 0;
		}
		return Math.round(record.units() * record.preallocated() / record.attempted());
	}

	private record Draft(SeriesKey key, StepUsage record, Forecast forecast, long granted, long used, double multiplier,
			double standardUnits) {

		StepObservation toObservation(long step, Steps steps, double lent) {
			double offered = (this.record != null) ? this.record.units() : 0;
			boolean burst = this.forecast != null && offered > this.forecast.burstAbove();
			return new StepObservation(this.key.tenant(), this.key.resource(), step, steps.start(step), offered,
					(this.record != null) ? this.record.attempted() : 0,
					(this.record != null) ? this.record.admitted() : 0,
					(this.record != null) ? this.record.throttled() : 0,
					(this.record != null) ? this.record.preallocated() : 0, this.forecast, this.granted, this.used,
					this.granted - this.used, lent, this.multiplier, burst);
		}

	}

}
