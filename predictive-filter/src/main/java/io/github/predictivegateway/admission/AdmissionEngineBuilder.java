package io.github.predictivegateway.admission;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.InStepAdjustment;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ReservationLedger;
import io.github.predictivegateway.preallocation.ReservationSettings;
import io.github.predictivegateway.preallocation.ShadowBucketFactory;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.SharedPool;
import io.github.predictivegateway.preallocation.Shortfalls;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;

/**
 * Assembles the tenant stage of admission: the {@link AdmissionEngine} and the
 * {@link PreallocationCycle} that fills its shadow buckets, sharing one
 * {@link ShadowBucketTable}, on one step grid, one clock and one set of plans. Used
 * wherever the engine is assembled: the auto-configurations (one part per bean), the
 * replay simulator and the benchmarks.
 *
 * <pre>
 * AdmissionEngineBuilder parts = AdmissionEngineBuilder.of(plans, steps, time)
 *     .forecasts(source)
 *     .reservableFraction(0.8);
 * parts.cycle().tick();              // the current step's grants
 * AdmissionEngine engine = parts.engine();
 * </pre>
 *
 * Unset parts take the local defaults: standard buckets in this instance's memory for at
 * most {@value #DEFAULT_MAX_TENANTS} tenants, no forecasts, a max-min fair ledger,
 * {@link ReservationSettings#defaults()}. Each part is made once, on first use; settings
 * given after that do not change it.
 */
public final class AdmissionEngineBuilder {

	/** Tenants whose standard buckets are kept in memory by default. */
	public static final long DEFAULT_MAX_TENANTS = 100_000;

	private static final ForecastSource NO_FORECASTS = (start, length) -> Map.of();

	private final PlanCatalogs plans;

	private final Steps steps;

	private final TimeSource time;

	private long maxTenants = DEFAULT_MAX_TENANTS;

	private @Nullable StandardBuckets standardBuckets;

	private @Nullable ShadowBucketTable shadowBucketTable;

	private ForecastSource forecasts = NO_FORECASTS;

	private ReservationLedger ledger = new MaxMinFairLedger();

	private double reservableFraction = ReservationSettings.defaults().reservableFraction();

	private Duration lead = ReservationSettings.defaults().lead();

	private AdjustmentMultipliers adjustment = AdjustmentMultipliers.none();

	private ShadowBucketFactory shadowBuckets = ShadowBucketFactory.LOCAL;

	private @Nullable Duration inStepWindow = InStepAdjustment.DEFAULT_WINDOW;

	private @Nullable Shortfalls shortfalls;

	private @Nullable RateLift rateLift;

	private @Nullable SharedPool sharedPool;

	private @Nullable PreallocationCycle cycle;

	private @Nullable AdmissionEngine engine;

	private AdmissionEngineBuilder(PlanCatalogs plans, Steps steps, TimeSource time) {
		this.plans = Objects.requireNonNull(plans, "plans");
		this.steps = Objects.requireNonNull(steps, "steps");
		this.time = Objects.requireNonNull(time, "time");
	}

	/**
	 * @param plans the plans in force, read once per decision and per prepared step (a
	 * reloaded plans file is seen by the next)
	 */
	public static AdmissionEngineBuilder of(PlanCatalogs plans, Steps steps, TimeSource time) {
		return new AdmissionEngineBuilder(plans, steps, time);
	}

	/** With plans that never change. */
	public static AdmissionEngineBuilder of(PlanCatalog plans, Steps steps, TimeSource time) {
		return new AdmissionEngineBuilder(PlanCatalogs.of(plans), steps, time);
	}

	/** Where the standard buckets live; default: in memory, see {@link #maxTenants}. */
	public AdmissionEngineBuilder standardBuckets(StandardBuckets standardBuckets) {
		this.standardBuckets = standardBuckets;
		return this;
	}

	/** Tenants whose buckets the default in-memory standard buckets keep (LRU). */
	public AdmissionEngineBuilder maxTenants(long maxTenants) {
		this.maxTenants = maxTenants;
		return this;
	}

	/** The table the engine reads shadow buckets from and the cycle installs them in. */
	public AdmissionEngineBuilder shadowBucketTable(ShadowBucketTable shadowBucketTable) {
		this.shadowBucketTable = shadowBucketTable;
		return this;
	}

	/** Where the cycle's forecasts come from; default: none (no pre-allocation). */
	public AdmissionEngineBuilder forecasts(ForecastSource forecasts) {
		this.forecasts = forecasts;
		return this;
	}

	public AdmissionEngineBuilder ledger(ReservationLedger ledger) {
		this.ledger = ledger;
		return this;
	}

	public AdmissionEngineBuilder reservableFraction(double reservableFraction) {
		this.reservableFraction = reservableFraction;
		return this;
	}

	public AdmissionEngineBuilder lead(Duration lead) {
		this.lead = lead;
		return this;
	}

	public AdmissionEngineBuilder adjustment(AdjustmentMultipliers adjustment) {
		this.adjustment = adjustment;
		return this;
	}

	/** Makes the shadow buckets of each grant; distributed mode's lease from Redis. */
	public AdmissionEngineBuilder shadowBuckets(ShadowBucketFactory shadowBuckets) {
		this.shadowBuckets = shadowBuckets;
		return this;
	}

	/**
	 * How often the current step's grants are adjusted while it runs (top-ups and early
	 * releases, {@link InStepAdjustment}); {@code null}: never. Default 5 s. Grants
	 * leased from a shared ledger are adjusted only through its pool
	 * ({@link #sharedPool}).
	 */
	public AdmissionEngineBuilder inStepWindow(@Nullable Duration inStepWindow) {
		this.inStepWindow = inStepWindow;
		return this;
	}

	/**
	 * The pool of the shared ledger the {@link #shadowBuckets} lease from, through which
	 * their grants are topped up and released within their step; without it, such grants
	 * stay as installed.
	 */
	public AdmissionEngineBuilder sharedPool(SharedPool sharedPool) {
		this.sharedPool = sharedPool;
		return this;
	}

	/**
	 * Where the engine counts refusals and the in-step adjustment reads them: given when
	 * engine and cycle are assembled by two builders (one bean each).
	 */
	public AdmissionEngineBuilder shortfalls(Shortfalls shortfalls) {
		this.shortfalls = shortfalls;
		return this;
	}

	/**
	 * The refusals the engine counts for the in-step adjustment, or {@code null} when
	 * grants are not adjusted within their step (no window, or grants leased from a
	 * shared ledger whose pool was not given).
	 */
	public @Nullable Shortfalls shortfalls() {
		if (this.inStepWindow == null || (this.shadowBuckets != ShadowBucketFactory.LOCAL && this.sharedPool == null)) {
			return null;
		}
		if (this.shortfalls == null) {
			this.shortfalls = Shortfalls.forTenants(this.maxTenants);
		}
		return this.shortfalls;
	}

	/**
	 * What lifts refused tenants' standard refill toward their plans' max-rate at each
	 * in-step window: given when engine and cycle are assembled by two builders (one bean
	 * each); by default one on {@link #standardBuckets()}.
	 */
	public AdmissionEngineBuilder rateLift(RateLift rateLift) {
		this.rateLift = rateLift;
		return this;
	}

	/**
	 * The lift the cycle's in-step adjustment tells each window's refusals: it lifts the
	 * standard buckets when they are in memory.
	 */
	public RateLift rateLift() {
		if (this.rateLift == null) {
			this.rateLift = new RateLift(this.plans, standardBuckets(), this.steps, this.reservableFraction);
		}
		return this.rateLift;
	}

	/** The shadow bucket table engine and cycle share. */
	public ShadowBucketTable shadowBucketTable() {
		if (this.shadowBucketTable == null) {
			this.shadowBucketTable = new ShadowBucketTable(this.steps, this.plans.get().resources().size());
		}
		return this.shadowBucketTable;
	}

	public StandardBuckets standardBuckets() {
		if (this.standardBuckets == null) {
			this.standardBuckets = new LocalStandardBuckets(this.plans, this.time, this.maxTenants, 1.0);
		}
		return this.standardBuckets;
	}

	/** The cycle that turns forecasts into the shadow buckets of each step. */
	public PreallocationCycle cycle() {
		if (this.cycle == null) {
			ReservationSettings settings = new ReservationSettings(this.ledger, this.reservableFraction, this.lead,
					this.adjustment, this.shadowBuckets);
			Shortfalls refused = shortfalls();
			InStepAdjustment inStep = (refused != null) ? new InStepAdjustment(this.steps, this.plans, refused,
					this.reservableFraction, Objects.requireNonNull(this.inStepWindow), this.sharedPool, rateLift())
					: null;
			this.cycle = new PreallocationCycle(this.steps, this.time, this.plans, this.forecasts, shadowBucketTable(),
					settings, inStep);
		}
		return this.cycle;
	}

	/** The tenant stage: pre-allocation first, then the standard bucket. */
	public AdmissionEngine engine() {
		if (this.engine == null) {
			this.engine = new AdmissionEngine(this.plans, standardBuckets(), shadowBucketTable(), this.steps, this.time,
					this.reservableFraction, shortfalls());
		}
		return this.engine;
	}

}
