package io.github.predictivegateway.preallocation;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The adjustment rule with bounds [0.5, 3], up 1.25, down 0.8, 3 steps in a row, and a
 * forecast of {@code [40, 100]} every step.
 */
class AdjustmentMultipliersTests {

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private static final Forecast FORECAST = new Forecast(70, 40, 100);

	private final AdjustmentMultipliers adjustment = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 3);

	private long step;

	private void stepWithDemand(double demand) {
		this.adjustment.expect(this.step, Map.of(ACME, FORECAST));
		this.adjustment.observe(this.step, Map.of(ACME, demand));
		this.step++;
	}

	@Test
	void demandAboveUpperForThreeStepsInARowRaisesTheMultiplier() {
		stepWithDemand(150);
		stepWithDemand(150);
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.0);

		stepWithDemand(150);

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.25);
		assertThat(this.adjustment.bursts(ACME)).isEqualTo(3);
	}

	@Test
	void aStepInsideTheIntervalResetsTheCountSoALoneBurstMovesNothing() {
		stepWithDemand(150);
		stepWithDemand(150);
		stepWithDemand(70);
		stepWithDemand(150);
		stepWithDemand(150);

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.0);
		assertThat(this.adjustment.bursts(ACME)).isEqualTo(4);
	}

	@Test
	void demandBelowLowerForThreeStepsInARowLowersTheMultiplier() {
		for (int i = 0; i < 6; i++) {
			stepWithDemand(10);
		}

		assertThat(this.adjustment.multiplier(ACME)).isCloseTo(0.64, within(1e-12));
		assertThat(this.adjustment.bursts(ACME)).isZero();
	}

	@Test
	void theMultiplierStaysWithinItsBounds() {
		for (int i = 0; i < 60; i++) {
			stepWithDemand(1000);
		}
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(3.0);

		for (int i = 0; i < 90; i++) {
			stepWithDemand(0);
		}
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(0.5);
	}

	@Test
	void aStepWithoutRequestsCountsAsZeroDemand() {
		for (int i = 0; i < 3; i++) {
			this.adjustment.expect(i, Map.of(ACME, FORECAST));
			this.adjustment.observe(i, Map.of());
		}

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(0.8);
	}

	@Test
	void aDeclaredAmountIsNeitherAdjustedNorLearntFrom() {
		Forecast declared = Forecast.exactly(50);
		for (int i = 0; i < 3; i++) {
			this.adjustment.expect(i, Map.of(ACME, declared));
			this.adjustment.observe(i, Map.of(ACME, 500.0));
		}

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.0);
		assertThat(this.adjustment.multiplier(ACME, declared)).isEqualTo(1.0);
	}

	@Test
	void aSeriesBackAtOneWithNothingCountedIsForgotten() {
		stepWithDemand(70);
		assertThat(this.adjustment.seriesHeld()).isZero();

		stepWithDemand(10);
		assertThat(this.adjustment.seriesHeld()).isEqualTo(1);
		stepWithDemand(70);

		assertThat(this.adjustment.seriesHeld()).isZero();
		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.0);
	}

	@Test
	void atMostMaxSeriesAreHeldTheLeastRecentlyUsedForgottenFirst() {
		AdjustmentMultipliers bounded = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1, 2);
		SeriesKey globex = new SeriesKey("globex", "db");
		SeriesKey initech = new SeriesKey("initech", "db");
		for (SeriesKey series : new SeriesKey[] { ACME, globex, initech }) {
			bounded.expect(this.step, Map.of(series, FORECAST));
			bounded.observe(this.step++, Map.of(series, 150.0));
		}

		assertThat(bounded.seriesHeld()).isEqualTo(2);
		assertThat(bounded.multiplier(ACME)).isEqualTo(1.0);
		assertThat(bounded.multiplier(globex)).isEqualTo(1.25);
		assertThat(bounded.multiplier(initech)).isEqualTo(1.25);
	}

	@Test
	void theHighestAndLowestMultipliersAreThoseOfTheSeriesHeld() {
		SeriesKey globex = new SeriesKey("globex", "db");
		for (int i = 0; i < 3; i++) {
			this.adjustment.expect(this.step, Map.of(ACME, FORECAST, globex, FORECAST));
			this.adjustment.observe(this.step++, Map.of(ACME, 150.0, globex, 10.0));
		}

		assertThat(this.adjustment.highest()).isEqualTo(1.25);
		assertThat(this.adjustment.lowest()).isEqualTo(0.8);
	}

	@Test
	void withNoSeriesHeldTheHighestAndLowestAreOne() {
		assertThat(this.adjustment.highest()).isEqualTo(1.0);
		assertThat(this.adjustment.lowest()).isEqualTo(1.0);
	}

	@Test
	void demandExactlyAtEitherBoundOfTheIntervalMovesNothingAndIsNoBurst() {
		for (int i = 0; i < 3; i++) {
			stepWithDemand(100);
		}
		for (int i = 0; i < 3; i++) {
			stepWithDemand(40);
		}

		assertThat(this.adjustment.multiplier(ACME)).isEqualTo(1.0);
		assertThat(this.adjustment.bursts(ACME)).isZero();
		assertThat(this.adjustment.seriesHeld()).isZero();
	}

	@Test
	void theMultiplierOfAnAdjustableForecastIsTheSeriesMultiplier() {
		for (int i = 0; i < 3; i++) {
			stepWithDemand(150);
		}

		assertThat(this.adjustment.multiplier(ACME, FORECAST)).isEqualTo(1.25);
		assertThat(this.adjustment.multiplier(ACME, Forecast.exactly(50))).isEqualTo(1.0);
	}

	@Test
	void burstsAreCountedPerSeriesAndInTotal() {
		SeriesKey globex = new SeriesKey("globex", "db");
		for (int i = 0; i < 2; i++) {
			this.adjustment.expect(this.step, Map.of(ACME, FORECAST, globex, FORECAST));
			this.adjustment.observe(this.step++, Map.of(ACME, 150.0, globex, 150.0));
		}
		this.adjustment.expect(this.step, Map.of(ACME, FORECAST, globex, FORECAST));
		this.adjustment.observe(this.step++, Map.of(ACME, 150.0, globex, 70.0));

		assertThat(this.adjustment.bursts(ACME)).isEqualTo(3);
		assertThat(this.adjustment.bursts(globex)).isEqualTo(2);
		assertThat(this.adjustment.bursts(new SeriesKey("initech", "db"))).isZero();
		assertThat(this.adjustment.bursts()).isEqualTo(5);
	}

	@Test
	void theForecastsOfTheLastEightStepsPreparedAreRemembered() {
		for (long s = 0; s < 9; s++) {
			this.adjustment.expect(s, Map.of(ACME, FORECAST));
		}

		assertThat(this.adjustment.expected(0)).isEmpty();
		assertThat(this.adjustment.expected(1)).containsExactly(Map.entry(ACME, FORECAST));
		assertThat(this.adjustment.expected(8)).containsExactly(Map.entry(ACME, FORECAST));
	}

	@Test
	void aStepWhoseForecastIsNoLongerRememberedIsNotLearntFrom() {
		for (long s = 0; s < 9; s++) {
			this.adjustment.expect(s, Map.of(ACME, FORECAST));
		}

		this.adjustment.observe(0, Map.of(ACME, 150.0));

		assertThat(this.adjustment.bursts(ACME)).isZero();
		assertThat(this.adjustment.expected(1)).containsExactly(Map.entry(ACME, FORECAST));
	}

	@Test
	void learningFromAStepForgetsItAndTheStepsBeforeItButNotThoseAfter() {
		for (long s = 0; s < 4; s++) {
			this.adjustment.expect(s, Map.of(ACME, FORECAST));
		}

		this.adjustment.observe(2, Map.of(ACME, 150.0));

		assertThat(this.adjustment.expected(0)).isEmpty();
		assertThat(this.adjustment.expected(1)).isEmpty();
		assertThat(this.adjustment.expected(2)).isEmpty();
		assertThat(this.adjustment.expected(3)).containsExactly(Map.entry(ACME, FORECAST));
		assertThat(this.adjustment.bursts(ACME)).isEqualTo(1);
	}

	@Test
	void theHighestAndLowestFollowTheSeriesStillHeld() {
		AdjustmentMultipliers bounded = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1, 1);
		bounded.expect(0, Map.of(ACME, FORECAST));
		bounded.observe(0, Map.of(ACME, 150.0));
		assertThat(bounded.highest()).isEqualTo(1.25);
		assertThat(bounded.lowest()).isEqualTo(1.0);

		SeriesKey globex = new SeriesKey("globex", "db");
		bounded.expect(1, Map.of(globex, FORECAST));
		bounded.observe(1, Map.of(globex, 10.0));

		assertThat(bounded.highest()).as("acme, at 1.25, forgotten").isEqualTo(1.0);
		assertThat(bounded.lowest()).isEqualTo(0.8);
	}

}
