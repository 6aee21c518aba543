package io.github.predictivegateway.sidecar.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the forecast sidecar ({@code sidecar.*}).
 */
@ConfigurationProperties("sidecar")
@Validated
public class SidecarProperties {

	/**
	 * Where the usage journal lives; what was acknowledged survives restarts and crashes.
	 */
	@NotNull
	private Path dataDir = Path.of("sidecar-data");

	/**
	 * Where versioned model artifacts are written and loaded from; may be a volume shared
	 * by several sidecars.
	 */
	@NotNull
	private Path modelDir = Path.of("sidecar-data", "models");

	/** The step, which must equal the gateways' predictive.step. Whole seconds. */
	@NotNull
	private Duration step = Duration.ofSeconds(60);

	/** Future steps per forecast, starting with the current one. */
	@Min(1)
	@Max(1000)
	private int horizon = 12;

	/** Central interval level of lower and upper. */
	@DecimalMin("0.5")
	@DecimalMax("0.999")
	private double level = 0.95;

	/** Time between scheduled retrainings. */
	@NotNull
	private Duration retrainInterval = Duration.ofDays(1);

	/** Time from start to the first scheduled retraining. */
	@NotNull
	private Duration retrainInitialDelay = Duration.ofMinutes(1);

	/** How often the model directory is checked for new or removed versions. */
	@NotNull
	private Duration loaderPollInterval = Duration.ofSeconds(10);

	/** Usage older than this (from the newest step) is forgotten. */
	@NotNull
	private Duration historyRetention = Duration.ofDays(35);

	/**
	 * How long each instance's contribution to a step is remembered, so a resent record
	 * replaces it.
	 */
	@NotNull
	private Duration dedupeWindow = Duration.ofHours(2);

	/**
	 * Recent usage a forecast is computed from (the models need about a day; more costs
	 * time per snapshot).
	 */
	@NotNull
	private Duration forecastHistory = Duration.ofDays(2);

	/** Most records in one usage batch. */
	@Min(1)
	private int maxBatchRecords = 10_000;

	/**
	 * A new model version is published when its MASE is at most (1 + tolerance) × the
	 * live one's.
	 */
	@DecimalMin("0.0")
	private double promotionTolerance = 0.02;

	/** Journal size that triggers compaction. */
	@Min(1024)
	private long journalCompactBytes = 64L * 1024 * 1024;

	/** Longest lead looked for between a tenant's resource types, in steps. */
	@Min(1)
	private int maxLeadSteps = 12;

	/** Smallest cross-correlation that counts as a lead. */
	@DecimalMin("0.0")
	@DecimalMax("0.99")
	private double minLeadCorrelation = 0.1;

	/**
	 * Compressed time for demos and tests: the sidecar's clock runs this many times
	 * faster than real time from time-origin. Gateways must use the same scale and
	 * origin.
	 */
	@DecimalMin("1.0")
	private double timeScale = 1.0;

	/** The instant at which compressed time and real time agree. */
	@NotNull
	private Instant timeOrigin = Instant.parse("2026-01-01T00:00:00Z");

	/**
	 * Shared token that POST /v1/usage, POST /v1/history/import and POST /v1/retrain
	 * require as {@code Authorization: Bearer <token>}. Unset (and no token-file): those
	 * endpoints are open, which is allowed only while server.address is a loopback
	 * address. Never logged.
	 */
	private @Nullable String token;

	/**
	 * A file holding the token (e.g. a mounted Kubernetes Secret), instead of
	 * sidecar.token.
	 */
	private @Nullable Path tokenFile;

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public Path getModelDir() {
		return this.modelDir;
	}

	public void setModelDir(Path modelDir) {
		this.modelDir = modelDir;
	}

	public Duration getStep() {
		return this.step;
	}

	public void setStep(Duration step) {
		this.step = step;
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

	public int getMaxBatchRecords() {
		return this.maxBatchRecords;
	}

	public void setMaxBatchRecords(int maxBatchRecords) {
		this.maxBatchRecords = maxBatchRecords;
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

	public double getTimeScale() {
		return this.timeScale;
	}

	public void setTimeScale(double timeScale) {
		this.timeScale = timeScale;
	}

	public Instant getTimeOrigin() {
		return this.timeOrigin;
	}

	public void setTimeOrigin(Instant timeOrigin) {
		this.timeOrigin = timeOrigin;
	}

	/** Steps in a duration (at least 1). */
	public int steps(Duration duration) {
		return (int) Math.max(1, duration.getSeconds() / this.step.getSeconds());
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable Path getTokenFile() {
		return this.tokenFile;
	}

	public void setTokenFile(@Nullable Path tokenFile) {
		this.tokenFile = tokenFile;
	}

}
