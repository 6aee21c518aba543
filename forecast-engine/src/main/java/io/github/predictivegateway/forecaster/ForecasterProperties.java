package io.github.predictivegateway.forecaster;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The forecaster engine's settings as a configuration binder fills them: one JavaBean
 * property per setting, with the defaults, here and nowhere else. The sidecar binds them
 * under {@code sidecar.*}, the gateway's embedded forecaster under
 * {@code predictive.embedded.*}, by the same names. {@link #toSettings(Duration)} checks
 * them and makes the immutable {@link ForecasterSettings} the engine runs on.
 *
 * <p>
 * Only the data directory's default is the host's: it is where that process keeps its
 * files.
 */
public class ForecasterProperties {

	/**
	 * Where the usage journal lives; what was acknowledged survives restarts and crashes.
	 */
	private Path dataDir;

	/**
	 * Where versioned model artifacts are written and loaded from; may be a volume shared
	 * by several sidecars. Unset: the models directory under data-dir.
	 */
	private @Nullable Path modelDir;

	/** Future steps per forecast, starting with the current one (1 to 1000). */
	private int horizon = 12;

	/** Central interval level of lower and upper (above 0.5, at most 0.999). */
	private double level = 0.95;

	/**
	 * Time between scheduled retrainings, in the forecaster's time (compressed time
	 * retrains every compressed day).
	 */
	private Duration retrainInterval = Duration.ofDays(1);

	/** Time from start to the first scheduled retraining, real time. */
	private Duration retrainInitialDelay = Duration.ofMinutes(1);

	/**
	 * How often the model directory is checked for new or removed versions, real time.
	 */
	private Duration loaderPollInterval = Duration.ofSeconds(10);

	/** Usage older than this (from the newest step) is forgotten. */
	private Duration historyRetention = Duration.ofDays(35);

	/**
	 * How long each instance's contribution to a step is remembered, so a resent record
	 * replaces it.
	 */
	private Duration dedupeWindow = Duration.ofHours(2);

	/**
	 * Recent usage each forecast is computed from. The served combination weighs its
	 * members by their errors over the two days before the origin and calibrates its
	 * interval on its own errors over the three days before it; with less, the weights
	 * and the interval come from the shorter span (or, under a day, from training).
	 */
	private Duration forecastHistory = Duration.ofDays(6);

	/**
	 * A new model version is published when its MASE is at most (1 + tolerance) times the
	 * live one's (at least 0).
	 */
	private double promotionTolerance = 0.02;

	/** Journal size that triggers compaction, bytes (at least 1024). */
	private long journalCompactBytes = 64L * 1024 * 1024;

	/**
	 * Longest lead looked for between a tenant's resource types, in steps (at least 1).
	 */
	private int maxLeadSteps = 12;

	/** Smallest cross-correlation that counts as a lead (0 to 0.99). */
	private double minLeadCorrelation = 0.1;

	/**
	 * @param dataDir the host's default data directory
	 */
	public ForecasterProperties(Path dataDir) {
		this.dataDir = dataDir;
	}

	/**
	 * The settings for forecasting on steps of {@code step}.
	 * @throws InvalidForecasterSettingsException naming every setting out of its range
	 */
	public ForecasterSettings toSettings(Duration step) {
		@Nullable Path models = this.modelDir;
		if (models == null && this.dataDir != null) {
			models = this.dataDir.resolve("models");
		}
		return new ForecasterSettings(step, this.dataDir, models, this.horizon, this.level, this.retrainInterval,
				this.retrainInitialDelay, this.loaderPollInterval, this.historyRetention, this.dedupeWindow,
				this.forecastHistory, this.promotionTolerance, this.journalCompactBytes, this.maxLeadSteps,
				this.minLeadCorrelation);
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public @Nullable Path getModelDir() {
		return this.modelDir;
	}

	public void setModelDir(@Nullable Path modelDir) {
		this.modelDir = modelDir;
	}

	public int getHorizon() {
		return this.horizon;
	}

	public void setHorizon(int horizon) {
		this.horizon = horizon;
	}

	public double getLevel() {
		return this.level;
	}

	public void setLevel(double level) {
		this.level = level;
	}

	public Duration getRetrainInterval() {
		return this.retrainInterval;
	}

	public void setRetrainInterval(Duration retrainInterval) {
		this.retrainInterval = retrainInterval;
	}

	public Duration getRetrainInitialDelay() {
		return this.retrainInitialDelay;
	}

	public void setRetrainInitialDelay(Duration retrainInitialDelay) {
		this.retrainInitialDelay = retrainInitialDelay;
	}

	public Duration getLoaderPollInterval() {
		return this.loaderPollInterval;
	}

	public void setLoaderPollInterval(Duration loaderPollInterval) {
		this.loaderPollInterval = loaderPollInterval;
	}

	public Duration getHistoryRetention() {
		return this.historyRetention;
	}

	public void setHistoryRetention(Duration historyRetention) {
		this.historyRetention = historyRetention;
	}

	public Duration getDedupeWindow() {
		return this.dedupeWindow;
	}

	public void setDedupeWindow(Duration dedupeWindow) {
		this.dedupeWindow = dedupeWindow;
	}

	public Duration getForecastHistory() {
		return this.forecastHistory;
	}

	public void setForecastHistory(Duration forecastHistory) {
		this.forecastHistory = forecastHistory;
	}

	public double getPromotionTolerance() {
		return this.promotionTolerance;
	}

	public void setPromotionTolerance(double promotionTolerance) {
		this.promotionTolerance = promotionTolerance;
	}

	public long getJournalCompactBytes() {
		return this.journalCompactBytes;
	}

	public void setJournalCompactBytes(long journalCompactBytes) {
		this.journalCompactBytes = journalCompactBytes;
	}

	public int getMaxLeadSteps() {
		return this.maxLeadSteps;
	}

	public void setMaxLeadSteps(int maxLeadSteps) {
		this.maxLeadSteps = maxLeadSteps;
	}

	public double getMinLeadCorrelation() {
		return this.minLeadCorrelation;
	}

	public void setMinLeadCorrelation(double minLeadCorrelation) {
		this.minLeadCorrelation = minLeadCorrelation;
	}

}
