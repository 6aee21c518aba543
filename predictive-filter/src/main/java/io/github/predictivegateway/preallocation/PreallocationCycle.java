package io.github.predictivegateway.preallocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Turns forecasts into shadow buckets, once per step, off the request path, and, when
 * given an {@link InStepAdjustment}, adjusts the current step's grants while it runs.
 *
 * <p>
 * For each series with a forecast for step {@code s}: desired pre-allocation
 * {@code d = ⌊min(upper × m, cap)⌋} units, where {@code m} is the series' adjustment
 * multiplier ({@link AdjustmentMultipliers}, 1 without adjustment) and {@code cap} is the
 * plan's max-preallocation, or by default ten times what its standard bucket admits in a
 * step ({@link ResourceLimit#preallocationCap}). Per resource type, the ledger grants the
 * requests within {@code ⌊reservableFraction × capacity × stepSeconds⌋} units, and the
 * grants become the shadow buckets of step {@code s}.
 *
 * <p>
 * {@link #tick()} is called often (every few hundred milliseconds by the scheduler;
 * directly in tests). It prepares the current step if nothing was prepared for it
 * (start-up) and the next step once the current one is within {@code lead} of its end, so
 * that a step's reservations are in place before it starts. Each step is prepared once:
 * preparing again would hand out its grants a second time.
 */
public final class PreallocationCycle {

	private final Steps steps;

	private final TimeSource time;

	private final PlanCatalogs plans;

	private final ForecastSource forecasts;

	private final ShadowBucketTable table;

	private final ReservationSettings settings;

	private final long leadNanos;

	private final @Nullable InStepAdjustment inStep;

	private long preparedThrough = Long.MIN_VALUE;

	/**
	 * Use {@code AdmissionEngineBuilder}, which assembles the cycle with the engine that
	 * reads its shadow buckets.
	 * @param plans the plans in force, read once per prepared step (a reloaded plans file
	 * counts from the next)
	 * @param table where the grants are installed for the request path
	 */
	public PreallocationCycle(Steps steps, TimeSource time, PlanCatalogs plans, ForecastSource forecasts,
			ShadowBucketTable table, ReservationSettings settings) {
		this(steps, time, plans, forecasts, table, settings, null);
	}

	/**
	 * @param inStep adjusts the current step's grants at each tick ({@code null}: grants
	 * stay as installed)
	 */
	public PreallocationCycle(Steps steps, TimeSource time, PlanCatalogs plans, ForecastSource forecasts,
			ShadowBucketTable table, ReservationSettings settings, @Nullable InStepAdjustment inStep) {
		this.inStep = inStep;
		this.steps = steps;
		this.time = time;
		this.plans = plans;
		this.forecasts = forecasts;
		this.table = table;
		this.settings = settings;
		this.leadNanos = Math.min(settings.lead().toNanos(), steps.lengthNanos() / 2);
	}

	/** Prepares whatever step is due; cheap when nothing is. */
	public synchronized void tick() {
		long now = this.time.epochNanos();
		long step = this.steps.indexOf(now);
		if (this.preparedThrough < step) {
			prepare(step, now);
		}
		if (this.preparedThrough < step + 1 && now >= this.steps.startNanos(step + 1) - this.leadNanos) {
			prepare(step + 1, now);
		}
		StepGrants current = (this.inStep != null) ? this.table.grantsAt(now) : null;
		if (current != null) {
			this.inStep.adjust(current, now);
		}
	}

	private void prepare(long step, long now) {
		Map<SeriesKey, Forecast> forecast = this.forecasts.forecastsFor(this.steps.start(step), this.steps.length());
		this.settings.adjustment().expect(step, forecast);
		PlanCatalog plans = this.plans.get();
		Map<ResourceType, List<ReservationRequest>> requests = requestsByResource(plans, forecast);
		StepGrants.Builder grants = StepGrants.builder(step, plans.resources().size(), this.settings.shadowBuckets());
		for (ResourceType resource : plans.resources().all()) {
			// every resource type, also one without requests: a shared ledger then holds
			// the step's whole reservable capacity as its pool, for in-step top-ups
			long reservable = resource.reservableUnits(this.settings.reservableFraction(), this.steps.lengthSeconds());
			Map<String, Long> granted = this.settings.ledger()
				.grant(step, resource, requests.getOrDefault(resource, List.of()), reservable);
			granted.forEach((tenant, units) -> grants.grant(tenant, resource, units));
		}
		this.table.install(grants.build(), now);
		this.preparedThrough = step;
	}

	/**
	 * The adjustment of the current step's grants while it runs, or {@code null} when
	 * grants stay as installed.
	 */
	public @Nullable InStepAdjustment inStep() {
		return this.inStep;
	}

	public AdjustmentMultipliers adjustment() {
		return this.settings.adjustment();
	}

	private Map<ResourceType, List<ReservationRequest>> requestsByResource(PlanCatalog plans,
			Map<SeriesKey, Forecast> forecast) {
		Map<ResourceType, List<ReservationRequest>> requests = new HashMap<>();
		for (Map.Entry<SeriesKey, Forecast> entry : forecast.entrySet()) {
			SeriesKey series = entry.getKey();
			if (!plans.resources().contains(series.resource())) {
				continue;
			}
			ResourceType resource = plans.resources().get(series.resource());
			ResourceLimit limit = plans.limitFor(series.tenant(), resource);
			double adjusted = entry.getValue().upper()
					* this.settings.adjustment().multiplier(series, entry.getValue());
			long desired = (long) Math.floor(Math.min(adjusted, limit.preallocationCap(this.steps.lengthSeconds())));
			if (desired > 0) {
				requests.computeIfAbsent(resource, r -> new ArrayList<>())
					.add(new ReservationRequest(series.tenant(), desired, limit.weight()));
			}
		}
		return requests;
	}

}
