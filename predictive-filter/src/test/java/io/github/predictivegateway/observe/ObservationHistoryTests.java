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

}
