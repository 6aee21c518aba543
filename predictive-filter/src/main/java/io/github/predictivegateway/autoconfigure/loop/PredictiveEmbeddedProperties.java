package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded forecaster: the sidecar's engine run in-process, fed with this gateway's
 * own usage.
 */
@ConfigurationProperties(PredictiveEmbeddedProperties.PREFIX)
@Validated
public class PredictiveEmbeddedProperties implements Validator {

	public static final String PREFIX = "predictive.embedded";

	/** Whether the embedded forecaster runs when no sidecar-url is set. */
	private boolean enabled = true;

	/** Where its usage journal lives. */
	@NotNull
	private Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "predictive-gateway");

	/** Where its model versions are kept. Unset: models under data-dir. */
	private @Nullable Path modelDir;

	/** Future steps per forecast, starting with the current one. */
	@Min(1)
	private int horizon = 12;

	/**
	 * Time between retrainings, engine time (compressed time retrains every compressed
	 * day).
	 */
	@NotNull
	private Duration retrainInterval = Duration.ofDays(1);

	/** Time from start to the first retraining, real time. */
	@NotNull
	private Duration retrainInitialDelay = Duration.ofMinutes(1);

	/** How often the model directory is checked for new versions, real time. */
	@NotNull
	private Duration loaderPollInterval = Duration.ofSeconds(10);

	/** Usage older than this (engine time, from the newest step) is forgotten. */
	@NotNull
	private Duration historyRetention = Duration.ofDays(35);

	/** How long a step's usage may still be replaced by a resend. */
	@NotNull
	private Duration dedupeWindow = Duration.ofHours(2);

	/** Recent usage a forecast is computed from. */
	@NotNull
	private Duration forecastHistory = Duration.ofDays(8);

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveEmbeddedProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveEmbeddedProperties embedded = (PredictiveEmbeddedProperties) target;
		PropertyRules rules = new PropertyRules(errors, PREFIX);
		rules.positive("retrain-interval", embedded.getRetrainInterval());
		rules.notNegative("retrain-initial-delay", embedded.getRetrainInitialDelay());
		rules.positive("loader-poll-interval", embedded.getLoaderPollInterval());
		rules.positive("history-retention", embedded.getHistoryRetention());
		rules.positive("dedupe-window", embedded.getDedupeWindow());
		rules.positive("forecast-history", embedded.getForecastHistory());
		if (embedded.getDedupeWindow() != null && embedded.getHistoryRetention() != null
				&& embedded.getHistoryRetention().compareTo(embedded.getDedupeWindow()) < 0) {
			rules.reject("history-retention", rules.path("history-retention") + " is " + embedded.getHistoryRetention()
					+ ", shorter than " + rules.path("dedupe-window") + " " + embedded.getDedupeWindow());
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
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

}
