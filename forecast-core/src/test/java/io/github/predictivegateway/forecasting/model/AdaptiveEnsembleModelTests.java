package io.github.predictivegateway.forecasting.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdaptiveEnsembleModelTests {

	/** A member forecasting the same value on the original scale at every step. */
	private record Fixed(double y) implements PointModel {

		@Override
		public ModelKind kind() {
			return ModelKind.FLAT;
		}

		@Override
		public double[] forecast(ScaledSeries series, int origin, int horizon) {
			double[] out = new double[horizon];
			Arrays.fill(out, FittingScale.LOG1P.forward(this.y));
			return out;
		}

		@Override
		public ModelState state() {
			return new ModelState(kind(), Map.of("y", new double[] { this.y }));
		}

	}

	/** 10 per step until step 100, 50 from then on. */
	private static ScaledSeries levelShift() {
		double[] y = new double[200];
		for (int t = 0; t < y.length; t++) {
			y[t] = t < 100 ? 10 : 50;
		}
		return ScaledSeries.of(new SeriesHistory("s", 0, 300, y));
	}

	private final AdaptiveEnsembleModel model = new AdaptiveEnsembleModel(List.of(new Fixed(10), new Fixed(50)), 20,
			0.25, 0);

	@Test
	void servesTheMemberRightOnTheRecentWindow() {
		assertThat(this.model.forecast(levelShift(), 60, 1)[0]).isEqualTo(FittingScale.LOG1P.forward(10));
	}

	@Test
	void switchesMemberOnceTheLevelShiftFillsTheWindowWithoutRetraining() {
		double[][] rows = this.model.forecastEach(levelShift(), 60, 140, 1);
		assertThat(rows[0][0]).isEqualTo(FittingScale.LOG1P.forward(10));
		assertThat(rows[79][0]).isEqualTo(FittingScale.LOG1P.forward(50));
	}

	@Test
	void givesEqualWeightsBeforeAnyErrorIsObserved() {
		assertThat(this.model.forecast(levelShift(), 0, 1)[0])
			.isEqualTo(0.5 * FittingScale.LOG1P.forward(10) + 0.5 * FittingScale.LOG1P.forward(50));
	}

	@Test
	void membersWithinTheMarginShareByTheInverseFourthPowerOfTheirError() {
		double[] sum = { 1.0, 1.1, 2.0 };
		double[] w = new double[3];
		this.model.weights(sum, 10, w);
		double second = Math.pow(1 / 1.1, 4);
		assertThat(w[0]).isCloseTo(1 / (1 + second), within(1e-12));
		assertThat(w[1]).isCloseTo(second / (1 + second), within(1e-12));
		assertThat(w[2]).isZero();
	}

	@Test
	void aRowDependsOnlyOnTheWindowBeforeItsOrigin() {
		ScaledSeries s = levelShift();
		double[][] all = this.model.forecastEach(s, 60, 140, 3);
		for (int o : new int[] { 60, 99, 105, 118, 121, 139 }) {
			// the same window, summed in another order: equal to rounding
			assertThat(this.model.forecast(s, o, 3)).containsExactly(all[o - 60], within(1e-12));
		}
	}

	/** 10 on even steps, 12 on odd ones. */
	private static ScaledSeries alternating() {
		double[] y = new double[200];
		for (int t = 0; t < y.length; t++) {
			y[t] = t % 2 == 0 ? 10 : 12;
		}
		return ScaledSeries.of(new SeriesHistory("s", 0, 300, y));
	}

	@Test
	void servesTheMemberAloneWhenItBeatsTheMixOverTheWindow() {
		// on log1p 11 and 10 are within the margin of each other (1.750 against 1.838
		// over
		// the window), but on the original scale 11 misses by 1 and their mix by 1.5 or
		// 0.5
		AdaptiveEnsembleModel a = new AdaptiveEnsembleModel(List.of(new Fixed(11), new Fixed(10)), 20, 0.25, 0);
		assertThat(a.forecast(alternating(), 100, 1)[0]).isEqualTo(FittingScale.LOG1P.forward(11));
		assertThat(a.combine(alternating(), 100, 101, 1).weights()).containsExactly(1.0, 0.0);
	}

	@Test
	void withoutTheDominanceTestTheSameMembersAreMixed() {
		AdaptiveEnsembleModel a = new AdaptiveEnsembleModel(List.of(new Fixed(11), new Fixed(10)), 20, 0.25, 0, false);
		double[] w = a.combine(alternating(), 100, 101, 1).weights();
		double sum11 = 11 * (Math.log(13) - Math.log(12)) + 10 * (Math.log(12) - Math.log(11));
		double sum10 = 11 * (Math.log(13) - Math.log(11));
		double r = Math.pow(sum11 / sum10, 4);
		assertThat(w[0]).isCloseTo(1 / (1 + r), within(1e-9));
		assertThat(w[1]).isCloseTo(r / (1 + r), within(1e-9));
	}

	@Test
	void keepsTheMixWhenItsMembersErrorsCancel() {
		// 10 and 12 each miss every other step by 2; their mix misses every step by 1 or
		// less
		AdaptiveEnsembleModel a = new AdaptiveEnsembleModel(List.of(new Fixed(10), new Fixed(12)), 20, 0.25, 0);
		double[] w = a.combine(alternating(), 100, 101, 1).weights();
		assertThat(w[0]).isCloseTo(Math.pow(10.0 / 11, 4) / (1 + Math.pow(10.0 / 11, 4)), within(1e-9));
		assertThat(w[1]).isCloseTo(1 / (1 + Math.pow(10.0 / 11, 4)), within(1e-9));
	}

	@Test
	void anArtifactWithoutTheDominanceFlagRestoresWithoutTheTest() {
		AdaptiveEnsembleModel a = new AdaptiveEnsembleModel(List.of(new Fixed(11), new Fixed(10)), 20, 0.25, 0);
		Map<String, double[]> older = new java.util.LinkedHashMap<>(a.state().parameters());
		older.remove("dominance");
		AdaptiveEnsembleModel restored = AdaptiveEnsembleModel
			.fromState(new ModelState(ModelKind.ADAPTIVE_ENSEMBLE, older, List.of()), a.members());
		assertThat(restored.combine(alternating(), 100, 101, 1).weights())
			.containsExactly(new AdaptiveEnsembleModel(List.of(new Fixed(11), new Fixed(10)), 20, 0.25, 0, false)
				.combine(alternating(), 100, 101, 1)
				.weights());
	}

	@Test
	void restoresFromItsState() {
		AdaptiveEnsembleModel a = new AdaptiveEnsembleModel(List.of(new SeasonalNaiveModel(4), new FlatModel(3)), 20,
				0.25, 0);
		PointModel restored = ModelStates.restore(a.state());
		assertThat(restored.state()).isEqualTo(a.state());
		assertThat(restored.forecast(levelShift(), 120, 4)).containsExactly(a.forecast(levelShift(), 120, 4));
	}

}
