package io.github.predictivegateway.forecasting.selection;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.SelectionScore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TailScaleTests {

	private static HeldOutScore.HeldOut heldOut(double above, double below) {
		return new HeldOutScore.HeldOut(new SelectionScore(1.0, 1 - above - below, 576), above, below);
	}

	@Test
	void keepsTheNominalTailsWhenEachSideMissedAtMostItsShare() {
		assertThat(ModelSelector.tailScale(heldOut(0.025, 0.025), 0.95)).isEqualTo(1.0);
	}

	@Test
	void widensTheTailsWhenOneSideMissedTooOftenThoughTheIntervalCoveredItsLevel() {
		// 4% above, 0.5% below: 95.5% covered, but the upper bound was exceeded 1.6 times
		// its share of 2.5%
		assertThat(ModelSelector.tailScale(heldOut(0.04, 0.005), 0.95)).isCloseTo(0.625, within(1e-12));
	}

	@Test
	void widensAtMostToHalfTheTailProbability() {
		assertThat(ModelSelector.tailScale(heldOut(0.2, 0.0), 0.95)).isEqualTo(0.5);
	}

	@Test
	void keepsTheNominalTailsWithoutAHeldOutScore() {
		assertThat(
				ModelSelector.tailScale(new HeldOutScore.HeldOut(SelectionScore.none(), Double.NaN, Double.NaN), 0.95))
			.isEqualTo(1.0);
	}

}
