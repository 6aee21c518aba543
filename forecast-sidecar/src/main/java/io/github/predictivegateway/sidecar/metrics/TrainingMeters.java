package io.github.predictivegateway.sidecar.metrics;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.predictivegateway.forecaster.model.LiveModel;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.SelectionScore;

/**
 * The sidecar's training and model meters: how long each retraining run takes, what it
 * did per series (promoted, rejected, skipped), how many series have a live model, and
 * the live models' backtest scores summarised over series (median and worst). The gauges
 * read the model loader when scraped.
 */
public final class TrainingMeters {

	private final Timer duration;

	private final Counter promoted;

	private final Counter rejected;

	private final Counter skipped;

	public TrainingMeters(MeterRegistry registry, ModelLoader loader) {
		this.duration = Timer.builder(SidecarMetricNames.TRAINING_DURATION)
			.description("One retraining run over every series")
			.register(registry);
		this.promoted = versions(registry, "promoted");
		this.rejected = versions(registry, "rejected");
		this.skipped = versions(registry, "skipped");
		Gauge.builder(SidecarMetricNames.MODELS_LIVE, loader, l -> l.all().size())
			.description("Series with a live model")
			.register(registry);
		score(registry, loader, SidecarMetricNames.BACKTEST_MASE, "median", SelectionScore::mase,
				SeriesSummary::median);
		score(registry, loader, SidecarMetricNames.BACKTEST_MASE, "max", SelectionScore::mase, SeriesSummary::max);
		score(registry, loader, SidecarMetricNames.BACKTEST_COVERAGE, "median", SelectionScore::coverage,
				SeriesSummary::median);
		score(registry, loader, SidecarMetricNames.BACKTEST_COVERAGE, "min", SelectionScore::coverage,
				SeriesSummary::min);
	}

	/** Runs one retraining, timing it and counting what it did per series. */
	public List<Retrainer.Outcome> timed(Supplier<List<Retrainer.Outcome>> retraining) {
		List<Retrainer.Outcome> outcomes = this.duration.record(retraining);
		for (Retrainer.Outcome outcome : outcomes) {
			counterFor(outcome).increment();
		}
		return outcomes;
	}

	/**
	 * Promoted when a version was published; skipped when there was nothing to train (no
	 * model name: no usage; or the live version already covers all the usage); rejected
	 * otherwise (a candidate was trained and not published).
	 */
	private Counter counterFor(Retrainer.Outcome outcome) {
		if (outcome.promoted()) {
			return this.promoted;
		}
		if (outcome.model() == null || outcome.reason().startsWith(Retrainer.NO_NEW_USAGE)) {
			return this.skipped;
		}
		return this.rejected;
	}

	private static Counter versions(MeterRegistry registry, String outcome) {
		return Counter.builder(SidecarMetricNames.MODEL_VERSIONS)
			.tag(SidecarMetricNames.OUTCOME, outcome)
			.register(registry);
	}

	private static void score(MeterRegistry registry, ModelLoader loader, String name, String statistic,
			ToDoubleFunction<SelectionScore> figure, Function<SeriesSummary, Double> pick) {
		Gauge.builder(name, loader, l -> pick.apply(summary(l.all().values(), figure)))
			.tag(SidecarMetricNames.STATISTIC, statistic)
			.register(registry);
	}

	static SeriesSummary summary(Collection<LiveModel> live, ToDoubleFunction<SelectionScore> figure) {
		return SeriesSummary.of(live.stream().mapToDouble(m -> figure.applyAsDouble(m.model().score())).toArray());
	}

}
