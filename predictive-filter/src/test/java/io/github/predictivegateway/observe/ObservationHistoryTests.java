package io.github.predictivegateway.observe;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationHistoryTests {

	private final ObservationHistory history = new ObservationHistory(3, 2);

	private void close(long step, StepObservation... observations) {
		this.history
			.stepClosed(new ClosedStep(step, Instant.ofEpochSecond(step * 60), List.of(observations), List.of()));
	}

	@Test
	void eachSeriesKeepsItsLastStepsOldestFirst() {
		for (long step = 1; step <= 5; step++) {
			close(step, ForecastAccuracyTests.observed("acme", step, step * 10, new Forecast(30, 20, 40)));
		}

		assertThat(this.history.of("acme").get("db")).extracting(StepObservation::step).containsExactly(3L, 4L, 5L);
	}

	@Test
	void recentDemandSumsTheLastStepsOffered() {
		for (long step = 1; step <= 3; step++) {
			close(step, ForecastAccuracyTests.observed("acme", step, step * 10, null));
		}

		assertThat(this.history.recentDemand("acme", 2)).isEqualTo(50.0);
		assertThat(this.history.recentDemand("nobody", 2)).isZero();
	}

	@Test
	void theNumberOfTenantsHeldIsBounded() {
		for (long step = 1; step <= 4; step++) {
			close(step, ForecastAccuracyTests.observed("tenant-" + step, step, 1, null));
		}

		assertThat(this.history.tenants()).hasSize(2);
	}

	@Test
	void aStepWithMoreActiveTenantsThanTheBoundKeepsItsBusiest() {
		// the busiest tenant comes first and the made-up ones after it
		StepObservation[] step = new StepObservation[12];
		step[0] = ForecastAccuracyTests.observed("busiest", 1, 500, null);
		for (int i = 1; i < step.length; i++) {
			step[i] = ForecastAccuracyTests.observed("made-up-" + i, 1, i, null);
		}

		close(1, step);

		assertThat(this.history.tenants()).containsExactly("made-up-11", "busiest");
		assertThat(this.history.recentDemand("busiest", 1)).isEqualTo(500.0);
	}

	@Test
	void theLeastRecentlyObservedTenantIsForgottenFirst() {
		close(1, ForecastAccuracyTests.observed("old", 1, 100, null));
		close(2, ForecastAccuracyTests.observed("middle", 2, 1, null));
		close(3, ForecastAccuracyTests.observed("new", 3, 1, null));

		assertThat(this.history.tenants()).containsExactly("middle", "new");
	}

}
