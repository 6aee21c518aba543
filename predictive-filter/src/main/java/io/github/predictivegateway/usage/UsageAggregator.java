package io.github.predictivegateway.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * Counts, per step, per tenant × resource type, what the filter decided: the request path
 * asks for the {@link UsageCell} of the current step ({@link #cell}) and increments it;
 * once a step is over, {@link #closeThrough} turns its cells into {@link StepUsage}
 * records, off the request path.
 *
 * <p>
 * Finding a cell is two hash lookups without allocation, except for a tenant's first
 * request in a step. A step holds at most {@code maxTenantsPerStep} tenants; requests of
 * further tenants in that step are counted in {@link #overflowed()} only, so made-up
 * tenant ids cannot grow memory without bound. A request that reads the clock just before
 * its step is closed is counted in the newest open step rather than in a closed one, so a
 * closed step is never reported twice (a second record would replace the first at the
 * forecaster).
 */
public final class UsageAggregator {

	/**
	 * Most units and bytes one record reports (10^15, what the forecaster accepts): it
	 * refuses a batch whole for one record beyond, so a tenant's forged costs must not
	 * cost the other tenants of the batch their usage.
	 */
	static final long MAX_PER_RECORD = 1_000_000_000_000_000L;

	private final Steps steps;

	private final TimeSource time;

	private final ResourceTypes resources;

	private final int maxTenantsPerStep;

	private final RefusedDemandBound refusedBound;

	private final ConcurrentSkipListMap<Long, StepCells> open = new ConcurrentSkipListMap<>();

	private final LongAdder overflowed = new LongAdder();

	private final UsageCell overflow = new UsageCell();

	private volatile StepCells latest;

	private volatile long closedThrough = Long.MIN_VALUE;

	public UsageAggregator(Steps steps, TimeSource time, ResourceTypes resources, int maxTenantsPerStep) {
		this(steps, time, resources, maxTenantsPerStep, RefusedDemandBound.NONE);
	}

	/**
	 * @param refusedBound the most units of refused requests a record counts as demand,
	 * per tenant and resource type
	 */
	public UsageAggregator(Steps steps, TimeSource time, ResourceTypes resources, int maxTenantsPerStep,
			RefusedDemandBound refusedBound) {
		this.refusedBound = refusedBound;
		if (maxTenantsPerStep < 1) {
			throw new IllegalArgumentException("max tenants per step must be at least 1, got " + maxTenantsPerStep);
		}
		this.steps = steps;
		this.time = time;
		this.resources = resources;
		this.maxTenantsPerStep = maxTenantsPerStep;
		this.latest = new StepCells(Long.MIN_VALUE, resources.size());
	}

	/**
	 * The cell to count a request of {@code tenant} on {@code resource} in, in the
	 * current step.
	 */
	public UsageCell cell(String tenant, ResourceType resource) {
		long step = this.steps.indexOf(this.time.epochNanos());
		StepCells cells = this.latest;
		if (cells.step != step) {
			cells = cellsOf(step);
		}
		UsageCell cell = cells.cell(tenant, resource.index(), this.maxTenantsPerStep);
		if (cell == null) {
			this.overflowed.increment();
			return this.overflow;
		}
		return cell;
	}

	/** Counts one decided request. */
	public void record(String tenant, ResourceType resource, Decision decision, long cost, long bytes) {
		cell(tenant, resource).record(decision, cost, bytes);
	}

	private StepCells cellsOf(long step) {
		if (step <= this.closedThrough) {
			return this.latest;
		}
		StepCells cells = this.open.computeIfAbsent(step, s -> new StepCells(s, this.resources.size()));
		if (cells.step > this.latest.step) {
			this.latest = cells;
		}
		return cells;
	}

	/**
	 * Removes every step up to and including {@code step} and returns their records,
	 * oldest step first.
	 */
	public List<StepUsage> closeThrough(long step) {
		if (step > this.closedThrough) {
			this.closedThrough = step;
		}
		List<StepUsage> records = new ArrayList<>();
		Map.Entry<Long, StepCells> entry;
		while ((entry = this.open.firstEntry()) != null && entry.getKey() <= step) {
			this.open.remove(entry.getKey());
			entry.getValue().appendTo(records, this.steps, this.resources, this.refusedBound);
		}
		return records;
	}

	/** Requests not counted because their step already held the most tenants allowed. */
	public long overflowed() {
		return this.overflowed.sum();
	}

	private static final class StepCells {

		private final long step;

		private final int resourceCount;

		private final ConcurrentHashMap<String, AtomicReferenceArray<UsageCell>> byTenant = new ConcurrentHashMap<>();

		StepCells(long step, int resourceCount) {
			this.step = step;
			this.resourceCount = resourceCount;
		}

		UsageCell cell(String tenant, int resourceIndex, int maxTenants) {
			AtomicReferenceArray<UsageCell> cells = this.byTenant.get(tenant);
			if (cells == null) {
				if (this.byTenant.size() >= maxTenants) {
					return null;
				}
				cells = this.byTenant.computeIfAbsent(tenant, t -> new AtomicReferenceArray<>(this.resourceCount));
			}
			UsageCell cell = cells.get(resourceIndex);
			if (cell == null) {
				UsageCell created = new UsageCell();
				cell = cells.compareAndExchange(resourceIndex, null, created);
				if (cell == null) {
					cell = created;
				}
			}
			return cell;
		}

		void appendTo(List<StepUsage> records, Steps steps, ResourceTypes resources, RefusedDemandBound bound) {
			this.byTenant.forEach((tenant, cells) -> {
				for (ResourceType resource : resources.all()) {
					UsageCell cell = cells.get(resource.index());
					if (cell == null || cell.attempted() == 0) {
						continue;
					}
					long attempted = cell.attempted();
					long admitted = Math.max(0, cell.count(Decision.PREALLOCATED) + cell.count(Decision.STANDARD)
							+ cell.count(Decision.QUEUED) - cell.gateRefusals());
					long preallocated = Math.min(admitted, cell.count(Decision.PREALLOCATED));
					records.add(new StepUsage(tenant, resource.name(), steps.start(this.step), attempted, admitted,
							preallocated, attempted - admitted,
							Math.min(cell.units(bound.maxRefusedUnits(tenant, resource)), MAX_PER_RECORD),
							Math.min(cell.bytes(), MAX_PER_RECORD), cell.durationNanos() / 1e6,
							cell.durationNanosMax() / 1e6));
				}
			});
		}

	}

}
