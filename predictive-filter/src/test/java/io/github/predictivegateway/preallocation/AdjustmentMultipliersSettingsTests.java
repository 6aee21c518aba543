package io.github.predictivegateway.preallocation;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The adjustment's bounds, factors and counts at their edges: each edge value that is
 * allowed behaves as the rule says, each just beyond it is refused.
 */
class AdjustmentMultipliersSettingsTests {

	private static final SeriesKey ACME = new SeriesKey("acme", "db");

	private static final Forecast FORECAST = new Forecast(70, 40, 100);

	/** {@code steps} steps in a row with the same demand against {@code [40, 100]}. */
	private static AdjustmentMultipliers after(AdjustmentMultipliers adjustment, int steps, double demand) {
		for (long step = 0; step < steps; step++) {
			adjustment.expect(step, Map.of(ACME, FORECAST));
			adjustment.observe(step, Map.of(ACME, demand));
		}
		return adjustment;
	}

	@Test
	void aLowestMultiplierOfOneKeepsALullFromLoweringIt() {
		assertThat(after(new AdjustmentMultipliers(1, 3, 1.25, 0.8, 1), 3, 10).multiplier(ACME)).isEqualTo(1.0);
	}

	@Test
	void aLowestMultiplierOfZeroOrAboveOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0, 3, 1.25, 0.8, 1))
			.withMessage("min is 0.0; it must be within (0, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(1.01, 3, 1.25, 0.8, 1))
			.withMessage("min is 1.01; it must be within (0, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(Double.NaN, 3, 1.25, 0.8, 1))
			.withMessage("min is NaN; it must be within (0, 1]");
	}

	@Test
	void aHighestMultiplierOfOneKeepsABurstFromRaisingIt() {
		assertThat(after(new AdjustmentMultipliers(0.5, 1, 1.25, 0.8, 1), 3, 150).multiplier(ACME)).isEqualTo(1.0);
	}

	@Test
	void aHighestMultiplierBelowOneOrInfiniteIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 0.99, 1.25, 0.8, 1))
			.withMessage("max is 0.99; it must be a finite number of at least 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdjustmentMultipliers(0.5, Double.POSITIVE_INFINITY, 1.25, 0.8, 1))
			.withMessage("max is Infinity; it must be a finite number of at least 1");
	}

	@Test
	void anUpFactorOfOneOrInfiniteIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, 1, 0.8, 1))
			.withMessage("up is 1.0; it must be a finite number above 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, Double.POSITIVE_INFINITY, 0.8, 1))
			.withMessage("up is Infinity; it must be a finite number above 1");
	}

	@Test
	void aDownFactorOfZeroOrOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, 1.25, 0, 1))
			.withMessage("down is 0.0; it must be within (0, 1)");
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, 1.25, 1, 1))
			.withMessage("down is 1.0; it must be within (0, 1)");
	}

	@Test
	void oneConsecutiveStepMovesTheMultiplierAtOnceAndZeroIsRefused() {
		assertThat(after(new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1), 1, 150).multiplier(ACME)).isEqualTo(1.25);
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 0))
			.withMessage("consecutive-steps is 0; it must be at least 1");
	}

	@Test
	void aBoundOfOneSeriesHoldsTheLatestAndZeroIsRefused() {
		AdjustmentMultipliers one = new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1, 1);
		SeriesKey globex = new SeriesKey("globex", "db");
		one.expect(0, Map.of(ACME, FORECAST));
		one.observe(0, Map.of(ACME, 150.0));
		one.expect(1, Map.of(globex, FORECAST));
		one.observe(1, Map.of(globex, 10.0));

		assertThat(one.seriesHeld()).isEqualTo(1);
		assertThat(one.multiplier(ACME)).isEqualTo(1.0);
		assertThat(one.multiplier(globex)).isEqualTo(0.8);
		assertThatIllegalArgumentException().isThrownBy(() -> new AdjustmentMultipliers(0.5, 3, 1.25, 0.8, 1, 0))
			.withMessage("the most series held is 0; it must be at least 1");
	}

	@Test
	void noAdjustmentKeepsEveryMultiplierAtOneWhateverTheDemand() {
		AdjustmentMultipliers none = after(AdjustmentMultipliers.none(), 50, 1000);
		after(none, 50, 0);

		assertThat(none.multiplier(ACME)).isEqualTo(1.0);
		assertThat(none.multiplier(ACME, FORECAST)).isEqualTo(1.0);
		assertThat(none.highest()).isEqualTo(1.0);
		assertThat(none.lowest()).isEqualTo(1.0);
	}

}
