package io.github.predictivegateway.forecasting.backtest;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestRunnerTests {

	private final BacktestRunner runner = new BacktestRunner(TrainingOptions.defaults());

	private final SeriesHistory series = SyntheticSeries.generate("t", 21, 12, 300, 3);

	@Test
	void forecastsNeverDependOnDataAtOrAfterTheOrigin() {
		int cut = BacktestRegion.of(series.values(), 300, 12).testStart() + 24 * 12;
		double[] changed = series.values();
		for (int i = cut; i < changed.length; i++) {
			changed[i] = changed[i] * 5 + 100;
		}
		List<ForecastRow> before = runner.run(series).rows();
		List<ForecastRow> after = runner.run(new SeriesHistory("t", series.startEpochSecond(), 300, changed)).rows();
		List<ForecastRow> a = before.stream()
			.filter(r -> r.originIndex() < cut && !r.model().equals("snaive"))
			.toList();
		List<ForecastRow> b = after.stream().filter(r -> r.originIndex() < cut && !r.model().equals("snaive")).toList();
		assertThat(a).isNotEmpty();
		assertThat(b).extracting(ForecastRow::mean)
			.containsExactlyElementsOf(a.stream().map(ForecastRow::mean).toList());
		assertThat(b).extracting(ForecastRow::upper)
			.containsExactlyElementsOf(a.stream().map(ForecastRow::upper).toList());
	}

	@Test
	void retrainsOncePerSimulatedDay() {
		SeriesBacktest b = runner.run(series);
		// 12 days: test region = 3 days = 72 origins one hour apart -> retrains at
		// origins 0, 24, 48
		assertThat(b.region().origins()).hasSize(72);
		assertThat(b.servedModels()).hasSize(3);
	}

	@Test
	void servedBeatsTheSeasonalNaiveReferenceOnARhythmicSeries() {
		SeriesBacktest b = runner.run(series);
		assertThat(b.metrics().get(BacktestRunner.SERVED).mase())
			.isLessThan(b.metrics().get(SeasonalNaiveReference.MODEL).mase());
	}

}
