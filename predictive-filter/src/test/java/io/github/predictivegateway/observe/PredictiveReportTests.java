package io.github.predictivegateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-tenant view over real engine parts: 60 s steps, {@code db} at 10 units/s, a
 * {@code free} plan of burst 5, and {@code acme} forecast [80, 100, 120] (granted 120) in
 * the current step.
 */
class PredictiveReportTests {

	private static final Instant STEP_START = Instant.parse("2026-11-30T09:00:00Z");

	private final ManualTimeSource time = new ManualTimeSource(STEP_START.plusSeconds(10));

	private final Steps steps = new Steps(Duration.ofMinutes(1));

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 10.0));

	private final PlanCatalog plans = new PlanCatalog(this.resources,
			Map.of("free", Map.of("db", new ResourceLimit(1, 5, 1000, 1))), "free", Map.of());

	private final ShadowBucketTable table = new ShadowBucketTable(this.steps, 1);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 3);

	private final LocalStandardBuckets standard = new LocalStandardBuckets(this.plans, this.time, 100);

	private final ObservationHistory history = new ObservationHistory(10, 500);

	private final PredictiveReport report = new PredictiveReport(this.steps, this.time, this.resources, this.table,
			this.standard, this.adjustment, this.history);

	private void prepareCurrentStep() {
		AdmissionEngineBuilder.of(this.plans, this.steps, this.time)
			.shadowBucketTable(this.table)
			.forecasts((start, step) -> Map.of(new SeriesKey("acme", "db"), new Forecast(100, 80, 120)))
			.lead(Duration.ofSeconds(5))
			.adjustment(this.adjustment)
			.cycle()
			.tick();
	}

	private void closed(long step, String tenant, double offered) {
		this.history.stepClosed(new ClosedStep(step, this.steps.start(step),
				List.of(new StepObservation(tenant, "db", step, this.steps.start(step), offered, (long) offered,
						(long) offered, 0, 0, null, 0, 0, 0, 0, 1, false)),
				List.of()));
	}

	@Test
	void theCurrentStepShowsGrantAndTokensWithoutCreatingAStandardBucket() {
		prepareCurrentStep();
		this.table.find("acme", this.resources.get("db"), this.time.epochNanos()).tryConsume(20);

		PredictiveReport.SeriesNow acme = this.report.overview("acme").tenants().get(0).resources().get(0);

		assertThat(acme.forecast()).isEqualTo(new Forecast(100, 80, 120));
		assertThat(acme.granted()).isEqualTo(120);
		assertThat(acme.shadowTokens()).isEqualTo(100);
		assertThat(acme.standardTokens()).isEqualTo(5);
		assertThat(this.standard.tenantCount()).isZero();
	}

	@Test
	void theOverviewListsAtMostAHundredTenantsByRecentDemand() {
		for (int t = 0; t < 120; t++) {
			closed(1, "tenant-" + t, t);
		}

		PredictiveReport.Overview overview = this.report.overview(null);

		assertThat(overview.tenantsKnown()).isEqualTo(120);
		assertThat(overview.tenants()).hasSize(PredictiveReport.MAX_LISTED);
		assertThat(overview.tenants()).extracting(PredictiveReport.TenantNow::tenant)
			.startsWith("tenant-119", "tenant-118")
			.endsWith("tenant-20");
	}

	@Test
	void recentDemandCoversTheLastTenClosedSteps() {
		for (long step = 1; step <= 12; step++) {
			closed(step, "acme", step);
		}

		PredictiveReport.TenantNow acme = this.report.overview("acme").tenants().get(0);

		// steps 3..12
		assertThat(acme.recentDemand()).isEqualTo(75.0);
		assertThat(acme.resources().get(0).recentDemand()).hasSize(10).startsWith(3.0).endsWith(12.0);
	}

	@Test
	void aTenantsDetailHoldsItsClosedStepsOldestFirst() {
		List<Double> offered = new ArrayList<>();
		for (long step = 1; step <= 3; step++) {
			closed(step, "acme", 10 * step);
			offered.add(10.0 * step);
		}

		PredictiveReport.TenantDetail acme = this.report.tenant("acme");

		assertThat(acme.resources()).hasSize(1);
		assertThat(acme.resources().get(0).history()).extracting(PredictiveReport.StepPoint::offered)
			.containsExactlyElementsOf(offered);
		assertThat(acme.resources().get(0).history().get(0).mean()).isNull();
	}

	@Test
	void nothingIsReportedOfAnUnknownTenant() {
		prepareCurrentStep();

		assertThat(this.report.tenant("nobody")).isNull();
		assertThat(this.report.overview("nobody").tenants()).isEmpty();
	}

	@Test
	void aTenantQueryFindsTheBusiestTenantOfAStepWithMoreActiveTenantsThanTheHistoryHolds() {
		ObservationHistory small = new ObservationHistory(10, 3);
		PredictiveReport report = new PredictiveReport(this.steps, this.time, this.resources, this.table, this.standard,
				this.adjustment, small);
		long step = this.steps.indexOf(this.time.epochNanos()) - 1;
		List<StepObservation> observations = new ArrayList<>();
		observations.add(new StepObservation("busiest", "db", step, this.steps.start(step), 400, 400, 400, 0, 0, null,
				0, 0, 0, 0, 1, false));
		for (int i = 1; i <= 20; i++) {
			observations.add(new StepObservation("made-up-" + i, "db", step, this.steps.start(step), 1, 1, 1, 0, 0,
					null, 0, 0, 0, 0, 1, false));
		}
		small.stepClosed(new ClosedStep(step, this.steps.start(step), observations, List.of()));

		assertThat(report.overview("busiest").tenants()).singleElement()
			.satisfies(tenant -> assertThat(tenant.recentDemand()).isEqualTo(400.0));
	}

}
