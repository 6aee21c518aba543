package io.github.predictivegateway.observe;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.metrics.TenantTags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastAccuracyTests {

	private static final ForecastAccuracy.AccuracyKey ACME = new ForecastAccuracy.AccuracyKey("db", "acme");

	private static final ForecastAccuracy.AccuracyKey OTHER = new ForecastAccuracy.AccuracyKey("db", "other");

	private final ForecastAccuracy accuracy = new ForecastAccuracy(TenantTags.of(Set.of("acme")), 3, 100);

	static StepObservation observed(String tenant, long step, double offered, Forecast forecast) {
		return new StepObservation(tenant, "db", step, Instant.ofEpochSecond(step * 60), offered, (long) offered,
				(long) offered, 0, 0, forecast, 0, 0, 0, 0, 1, forecast != null && offered > forecast.upper());
	}

	private void close(long step, StepObservation... observations) {
		this.accuracy
			.stepClosed(new ClosedStep(step, Instant.ofEpochSecond(step * 60), List.of(observations), List.of()));
	}

	private void demand(String tenant, double... values) {
		for (int i = 0; i < values.length; i++) {
			close(i + 1, observed(tenant, i + 1, values[i], new Forecast(11, 9, 13)));
		}
	}

	@Test
	void maseIsTheMeanErrorOverTheMeanStepToStepChange() {
		// errors 1, 3, 3; changes 4, 6 (the first step has none)
		demand("acme", 10, 14, 8);

		assertThat(this.accuracy.mase(ACME)).isCloseTo(7.0 / 3 / 5, within(1e-12));
	}

	@Test
	void coverageIsTheShareOfStepsInsideTheInterval() {
		demand("acme", 10, 14, 8);

		assertThat(this.accuracy.coverage(ACME)).isCloseTo(1.0 / 3, within(1e-12));
	}

	@Test
	void stepsOlderThanTheWindowAreForgotten() {
		// window of 3: errors 3, 3, 1 and changes 4, 6, 4 remain
		demand("acme", 10, 14, 8, 12);

		assertThat(this.accuracy.mase(ACME)).isCloseTo(0.5, within(1e-12));
		assertThat(this.accuracy.coverage(ACME)).isCloseTo(1.0 / 3, within(1e-12));
	}

	@Test
	void unlistedTenantsArePooledUnderOther() {
		close(1, observed("t1", 1, 10, new Forecast(11, 9, 13)), observed("t2", 1, 20, new Forecast(11, 9, 13)));
		close(2, observed("t1", 2, 12, new Forecast(11, 9, 13)), observed("t2", 2, 16, new Forecast(11, 9, 13)));

		// errors 1, 9, 1, 5 (mean 4); changes 2, 4 (mean 3); inside: t1 twice
		assertThat(this.accuracy.keys()).containsExactly(OTHER);
		assertThat(this.accuracy.mase(OTHER)).isCloseTo(4.0 / 3, within(1e-12));
		assertThat(this.accuracy.coverage(OTHER)).isEqualTo(0.5);
	}

	@Test
	void aStepWithoutTheSeriesCountsAsNoDemandForTheChange() {
		close(1, observed("acme", 1, 10, new Forecast(11, 9, 13)));
		close(3, observed("acme", 3, 12, new Forecast(11, 9, 13)));

		// errors 1, 1; one change, from 0 in step 2 to 12
		assertThat(this.accuracy.mase(ACME)).isCloseTo(1.0 / 12, within(1e-12));
	}

	@Test
	void declaredAmountsAreNotJudged() {
		close(1, observed("acme", 1, 10, Forecast.exactly(600)));
		close(2, observed("acme", 2, 12, null));

		assertThat(this.accuracy.keys()).isEmpty();
		assertThat(this.accuracy.mase(ACME)).isNaN();
		assertThat(this.accuracy.coverage(ACME)).isNaN();
	}

}
