package io.github.predictivegateway.forecasting.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ErrorProductsTests {

	/** Two members, one row of one step each: 10 and 12, on the identity scale. */
	private static ErrorProducts twoMembers() {
		return new ErrorProducts(new double[][][] { { { 10 } }, { { 12 } } }, FittingScale.IDENTITY);
	}

	@Test
	void theMixOfTwoErrorsOfOppositeSignsCancelsThem() {
		ErrorProducts p = twoMembers();
		p.add(11, 11, 0, 1, 1);
		assertThat(p.mixed(new double[] { 0.5, 0.5 })).isEqualTo(0.0);
		assertThat(p.mixed(new double[] { 1, 0 })).isEqualTo(1.0);
		assertThat(p.mixed(new double[] { 0.25, 0.75 })).isEqualTo(0.25);
	}

	@Test
	void aPairLeavingTheWindowTakesItsProductsWithIt() {
		ErrorProducts p = twoMembers();
		p.add(11, 11, 0, 1, 1);
		p.add(14, 14, 0, 1, 1);
		p.add(11, 11, 0, 1, -1);
		// errors 4 and 2 remain: (0.5 * 4 + 0.5 * 2)^2
		assertThat(p.mixed(new double[] { 0.5, 0.5 })).isEqualTo(9.0);
	}

	@Test
	void keepsTheMixWhenAveragingCancelsErrors() {
		ErrorProducts p = twoMembers();
		p.add(11, 11, 0, 1, 1);
		double[] w = { 0.5, 0.5 };
		p.dominate(w);
		assertThat(w).containsExactly(0.5, 0.5);
	}

	@Test
	void servesTheMemberAloneWhenTheOtherOnlyAddsItsError() {
		ErrorProducts p = twoMembers();
		// the first member is right, the second 2 too high: the mix has 1 of squared
		// error
		p.add(10, 10, 0, 1, 1);
		double[] w = { 0.5, 0.5 };
		p.dominate(w);
		assertThat(w).containsExactly(1.0, 0.0);
	}

	@Test
	void keepsTheMixWhenTheBestMemberIsBetterByLessThanTheMargin() {
		ErrorProducts p = twoMembers();
		// errors 38 and 40: the first alone 1444, the mix 39^2 = 1521 (the first has 5%
		// less, not 10%)
		p.add(-28, -28, 0, 1, 1);
		double[] w = { 0.5, 0.5 };
		p.dominate(w);
		assertThat(w).containsExactly(0.5, 0.5);
	}

	@Test
	void keepsTheMixWhenTheMemberIsWorseOnTheFittingScale() {
		// forecasts 1 and 10 on log1p, actuals 1 and 5: on the original scale the first
		// alone has 16 of squared error and the even mix 20.5, but on log1p the first
		// has 1.207 and the mix 0.787
		ErrorProducts p = new ErrorProducts(
				new double[][][] { { { FittingScale.LOG1P.forward(1) } }, { { FittingScale.LOG1P.forward(10) } } },
				FittingScale.LOG1P);
		p.add(1, FittingScale.LOG1P.forward(1), 0, 1, 1);
		p.add(5, FittingScale.LOG1P.forward(5), 0, 1, 1);
		double[] w = { 0.5, 0.5 };
		assertThat(p.mixed(new double[] { 1, 0 })).isCloseTo(16.0, within(1e-9));
		assertThat(p.mixed(w)).isCloseTo(20.5, within(1e-9));
		p.dominate(w);
		assertThat(w).containsExactly(0.5, 0.5);
	}

	@Test
	void aMemberWithoutWeightIsNotServedAlone() {
		ErrorProducts p = twoMembers();
		p.add(12, 12, 0, 1, 1);
		double[] w = { 1.0, 0.0 };
		p.dominate(w);
		assertThat(w).containsExactly(1.0, 0.0);
	}

}
