package io.github.predictivegateway.forecasting.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FourierFeaturesTests {

	@Test
	void recurrenceMatchesDirectSinesAndCosines() {
		FourierFeatures f = new FourierFeatures(5, 3);
		double[] x = new double[f.size()];
		long t = 1_424_700_123L;
		f.fill(t, x);
		double d = 2 * Math.PI * (t % 86_400) / 86_400.0;
		double w = 2 * Math.PI * (t % 604_800) / 604_800.0;
		assertThat(x[0]).isEqualTo(1.0);
		assertThat(x[2 * 5 - 1]).isCloseTo(Math.sin(5 * d), within(1e-12));
		assertThat(x[2 * 5]).isCloseTo(Math.cos(5 * d), within(1e-12));
		assertThat(x[11 + 2 * 2]).isCloseTo(Math.sin(3 * w), within(1e-12));
	}

	@Test
	void sizeCountsInterceptAndPairs() {
		assertThat(new FourierFeatures(10, 3).size()).isEqualTo(27);
	}

}
