package io.github.predictivegateway.forecasting.correlation;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.backtest.BacktestRunner;
import io.github.predictivegateway.forecasting.backtest.SeriesBacktest;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;

import static org.assertj.core.api.Assertions.assertThat;

class LeadLagDetectorTests {

	private final LeadLagDetector detector = new LeadLagDetector(12, 0.1);

	private final LeadingPair pair = new LeadingPair(10, 3, 42);

	@Test
	void findsThatDbLeadsComputeByThreeSteps() {
		Optional<LeadLag> lead = detector.detect(pair.db, pair.compute);
		assertThat(lead).isPresent();
		assertThat(lead.get().lag()).isEqualTo(3);
		assertThat(lead.get().correlation()).isGreaterThan(lead.get().threshold());
	}

	@Test
	void findsNoLeadTheOtherWayRound() {
		assertThat(detector.detect(pair.compute, pair.db)).isEmpty();
	}

	@Test
	void findsNoLeadBetweenIndependentSeriesWithTheSameDailyRhythm() {
		assertThat(detector.detect(SyntheticSeries.generate("a", 1, 10, 300, 3),
				SyntheticSeries.generate("b", 2, 10, 300, 3)))
			.isEmpty();
	}

	@Test
	void listsLeadsAmongSeveralSeries() {
		List<LeadLag> leads = detector.detect(List.of(pair.compute, pair.db));
		assertThat(leads).extracting(LeadLag::leader, LeadLag::follower, LeadLag::lag)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("db", "compute", 3));
	}

	@Test
	void laggedRegressorLowersTheBacktestMaseOfTheFollower() {
		BacktestRunner runner = new BacktestRunner(TrainingOptions.defaults());
		SeriesBacktest without = runner.run(pair.compute);
		SeriesBacktest with = runner.run(pair.compute, pair.db, 3);
		assertThat(with.metrics().get(BacktestRunner.SERVED).mase())
			.isLessThan(without.metrics().get(BacktestRunner.SERVED).mase());
		assertThat(with.servedModels()).allMatch(name -> name.contains("lagged-harmonic-ar"));
	}

}
