package io.github.predictivegateway.forecasting.backtest;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelEvaluatorTests {

	private final SeriesHistory series = SyntheticSeries.generate("t", 33, 12, 300, 3);

	@Test
	void scoresLikeTheBacktestForTheSameModelAndOrigins() {
		BacktestRunner runner = new BacktestRunner(TrainingOptions.defaults());
		SeriesBacktest b = runner.run(series);
		int start = b.region().testStart();
		// the backtest retrains each day; evaluating only its first day's model on its
		// first day must agree
		TrainedModel first = ForecastTrainer.train(series.head(start), TrainingOptions.defaults());
		SeriesHistory firstDay = series.head(start + 24 * 12 + 11);
		ForecastMetrics e = ModelEvaluator.evaluate(first, firstDay, null, start, 12, 12);
		ForecastMetrics expected = ForecastMetrics.of(b.rows()
			.stream()
			.filter(r -> r.model().equals(BacktestRunner.SERVED) && r.originIndex() < start + 24 * 12)
			.toList(), b.region().scale());
		assertThat(e.points()).isEqualTo(expected.points());
		assertThat(e.mase()).isCloseTo(expected.mase(), within(1e-12));
		assertThat(e.coverage()).isEqualTo(expected.coverage());
	}

}
