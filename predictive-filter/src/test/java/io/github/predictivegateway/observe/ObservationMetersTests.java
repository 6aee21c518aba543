package io.github.predictivegateway.observe;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.metrics.TenantTags;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TenantTags tags = TenantTags.of(Set.of("acme"));

	private final ForecastAccuracy accuracy = new ForecastAccuracy(this.tags, 60, 100);

	private final ObservationMeters meters = new ObservationMeters(this.registry, this.tags, this.accuracy);

	private static StepObservation granted(String tenant, long step, long granted, long used, double lent) {
		return new StepObservation(tenant, "db", step, Instant.ofEpochSecond(step * 60), used, used, used, 0, used,
				new Forecast(10, 5, 15), granted, used, granted - used, lent, 1, false);
	}

	private void close(long step, StepObservation... observations) {
		ClosedStep closed = new ClosedStep(step, Instant.ofEpochSecond(step * 60), List.of(observations), List.of());
		this.accuracy.stepClosed(closed);
		this.meters.stepClosed(closed);
	}

	private double counter(String name, String tenant) {
		return this.registry.get(name).tag("resource", "db").tag("tenant", tenant).counter().count();
	}

	@Test
	void grantedUsedWastedAndLentUnitsAddUpOverClosedSteps() {
		close(1, granted("acme", 1, 100, 60, 10));
		close(2, granted("acme", 2, 100, 90, 0));

		assertThat(counter(PredictiveMetricNames.PREALLOCATION_GRANTED, "acme")).isEqualTo(200.0);
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_USED, "acme")).isEqualTo(150.0);
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_WASTED, "acme")).isEqualTo(50.0);
		assertThat(counter(PredictiveMetricNames.PREALLOCATION_LENT, "acme")).isEqualTo(10.0);
	}

	@Test
	void unlistedTenantsShareTheOtherTag() {
		close(1, granted("t1", 1, 30, 10, 0), granted("t2", 1, 40, 40, 0));

		assertThat(counter(PredictiveMetricNames.PREALLOCATION_GRANTED, "other")).isEqualTo(70.0);
		assertThat(this.registry.find(PredictiveMetricNames.PREALLOCATION_GRANTED).tag("tenant", "t1").counter())
			.isNull();
	}

	@Test
	void accuracyGaugesReadTheRollingWindow() {
		close(1, granted("acme", 1, 100, 10, 0));
		close(2, granted("acme", 2, 100, 16, 0));

		// errors 0 and 6 (mean 3), one change of 6; 10 inside [5, 15], 16 not
		assertThat(this.registry.get(PredictiveMetricNames.FORECAST_MASE).tag("tenant", "acme").gauge().value())
			.isEqualTo(0.5);
		assertThat(this.registry.get(PredictiveMetricNames.FORECAST_COVERAGE).tag("tenant", "acme").gauge().value())
			.isEqualTo(0.5);
	}

}
