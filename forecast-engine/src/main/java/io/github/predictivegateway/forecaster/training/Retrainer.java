package io.github.predictivegateway.forecaster.training;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.LiveModel;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.backtest.ForecastMetrics;
import io.github.predictivegateway.forecasting.backtest.ModelEvaluator;
import io.github.predictivegateway.forecasting.correlation.LeadLag;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Retrains every series from the usage history and publishes a new model version where it
 * is not worse than the live one.
 *
 * <p>
 * Per tenant, leads between its resource types are detected first
 * ({@link LeadLagDetector}); a follower is trained with its strongest leader as a lagged
 * regressor, which the library keeps only when it wins the selection backtest. Promotion
 * rule: the candidate's held-out selection MASE is compared with the live version's MASE
 * on the data that arrived after it was trained (both are out-of-sample, on nearly the
 * same recent period); the candidate is published when it is at most
 * {@code 1 + tolerance} times the live figure, or when the live version cannot be scored
 * (no live version, less than a day and a horizon of new data, another model shape).
 * Every published version is kept, so a bad one can be rolled back.
 */
public final class Retrainer {

	private static final Log logger = LogFactory.getLog(Retrainer.class);

	/**
	 * How the reason of an outcome starts when the live version already covers all the
	 * usage: nothing trained.
	 */
	public static final String NO_NEW_USAGE = "no new usage since version ";

	private final UsageHistory history;

	private final ModelRepository repository;

	private final ModelLoader loader;

	private final TrainingOptions options;

	private final LeadLagDetector leads;

	private final Clock clock;

	private final int maxHistorySteps;

	private final double tolerance;

	private final TenantShard shard;

	private volatile List<LeadLag> correlations = List.of();

	public Retrainer(UsageHistory history, ModelRepository repository, ModelLoader loader, TrainingOptions options,
			LeadLagDetector leads, Clock clock, int maxHistorySteps, double tolerance) {
		this(history, repository, loader, options, leads, clock, maxHistorySteps, tolerance, TenantShard.ALL);
	}

	/**
	 * @param shard the tenants this retrainer trains; the others' models come from the
	 * sidecars owning their shards, through the shared model directory
	 */
	public Retrainer(UsageHistory history, ModelRepository repository, ModelLoader loader, TrainingOptions options,
			LeadLagDetector leads, Clock clock, int maxHistorySteps, double tolerance, TenantShard shard) {
		this.shard = shard;
		this.history = history;
		this.repository = repository;
		this.loader = loader;
		this.options = options;
		this.leads = leads;
		this.clock = clock;
		this.maxHistorySteps = maxHistorySteps;
		this.tolerance = tolerance;
	}

	/** What one series' retraining did. */
	public record Outcome(SeriesKey series, @Nullable String model, boolean promoted, @Nullable Integer version,
			String reason) {
	}

	/**
	 * Retrains every series of this retrainer's {@link TenantShard}, then loads every
	 * series' newest version (including those other sidecars published); safe to call
	 * from the schedule and from {@code POST /v1/retrain}, one at a time.
	 */
	public synchronized List<Outcome> retrainAll() {
		long endStep = Math.floorDiv(this.clock.instant().getEpochSecond(), this.history.stepSeconds());
		Map<String, List<SeriesKey>> byTenant = new LinkedHashMap<>();
		for (SeriesKey id : this.history.series()) {
			if (!this.shard.owns(id.tenant())) {
				continue;
			}
			byTenant.computeIfAbsent(id.tenant(), t -> new ArrayList<>()).add(id);
		}
		List<Outcome> outcomes = new ArrayList<>();
		List<LeadLag> found = new ArrayList<>();
		for (List<SeriesKey> tenantSeries : byTenant.values()) {
			Map<String, SeriesHistory> histories = new LinkedHashMap<>();
			for (SeriesKey id : tenantSeries) {
				histories.put(id.label(), SeriesHistories.of(this.history, id, endStep, this.maxHistorySteps));
			}
			List<LeadLag> tenantLeads = (histories.size() > 1) ? this.leads.detect(new ArrayList<>(histories.values()))
					: List.of();
			found.addAll(tenantLeads);
			for (SeriesKey id : tenantSeries) {
				SeriesHistory series = histories.get(id.label());
				Optional<LeadLag> lead = tenantLeads.stream().filter(l -> l.follower().equals(id.label())).findFirst();
				outcomes.add(retrain(id, series, lead.map(l -> histories.get(l.leader())).orElse(null),
						lead.map(LeadLag::lag).orElse(0)));
			}
		}
		this.correlations = Collections.unmodifiableList(found);
		this.loader.refresh();
		return outcomes;
	}

	private Outcome retrain(SeriesKey id, SeriesHistory series, @Nullable SeriesHistory leader, int lag) {
		if (series.length() == 0) {
			return new Outcome(id, null, false, null, "no usage history");
		}
		Optional<LiveModel> current = this.loader.get(id);
		long seriesEnd = series.epochSecondOf(series.length());
		if (current.isPresent() && current.get().model().dataEndEpochSecond() >= seriesEnd) {
			return new Outcome(id, current.get().model().name(), false, current.get().version(),
					NO_NEW_USAGE + current.get().version() + " was trained");
		}
		TrainedModel candidate = (leader != null) ? ForecastTrainer.train(series, leader, lag, this.options)
				: ForecastTrainer.train(series, this.options);
		Optional<LiveModel> live = current;
		Optional<Double> liveMase = live.flatMap(l -> scoreSinceTrained(l.model(), series, leader));
		double candidateMase = candidate.score().mase();
		if (liveMase.isPresent() && Double.isFinite(candidateMase)
				&& candidateMase > liveMase.get() * (1 + this.tolerance)) {
			String reason = String.format("kept version %d: candidate %s MASE %.3f is worse than the live %.3f",
					live.get().version(), candidate.name(), candidateMase, liveMase.get());
			logger.info(id.label() + ": " + reason);
			return new Outcome(id, candidate.name(), false, live.get().version(), reason);
		}
		try {
			ModelRepository.Version version = this.repository.publish(id, candidate);
			String reason = liveMase.map(m -> String.format("candidate MASE %.3f, live %.3f", candidateMase, m))
				.orElse("no live version could be scored") + "; " + candidate.reason();
			return new Outcome(id, candidate.name(), true, version.number(), reason);
		}
		catch (IOException ex) {
			logger.error("Cannot publish a model for " + id.label(), ex);
			return new Outcome(id, candidate.name(), false, null, "publishing failed: " + ex.getMessage());
		}
	}

	/**
	 * The live model's MASE on the data that arrived after it was trained, if there is
	 * enough of it.
	 */
	private Optional<Double> scoreSinceTrained(TrainedModel live, SeriesHistory series,
			@Nullable SeriesHistory leader) {
		if (live.leader() != null && leader == null) {
			return Optional.empty();
		}
		long from = (live.dataEndEpochSecond() - series.startEpochSecond()) / series.stepSeconds();
		int horizon = this.options.horizon();
		if (from < series.season() + 1 || from + series.season() + horizon > series.length()) {
			return Optional.empty();
		}
		try {
			ForecastMetrics metrics = ModelEvaluator.evaluate(live, series, leader, (int) from, horizon, horizon);
			return Double.isFinite(metrics.mase()) ? Optional.of(metrics.mase()) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	public TenantShard shard() {
		return this.shard;
	}

	/** The leads found by the last retraining. */
	public List<LeadLag> correlations() {
		return this.correlations;
	}

}
