package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded forecaster: the sidecar's engine run in-process, fed with this gateway's
 * own usage.
 *
 * @param enabled Whether the embedded forecaster runs when no sidecar-url is set.
 * @param dataDir Where its usage journal lives.
 * @param modelDir Where its model versions are kept. Unset: models under data-dir.
 * @param horizon Future steps per forecast, starting with the current one.
 * @param retrainInterval Time between retrainings, engine time (compressed time retrains
 * every compressed day).
 * @param retrainInitialDelay Time from start to the first retraining, real time.
 * @param loaderPollInterval How often the model directory is checked for new versions,
 * real time.
 * @param historyRetention Usage older than this (engine time, from the newest step) is
 * forgotten.
 * @param dedupeWindow How long a step's usage may still be replaced by a resend.
 * @param forecastHistory Recent usage a forecast is computed from.
 */
@ConfigurationProperties(PredictiveEmbeddedProperties.PREFIX)
@Validated
public record PredictiveEmbeddedProperties(@DefaultValue("true") boolean enabled, @NotNull Path dataDir,
		@Nullable Path modelDir, @Min(1) @DefaultValue("12") int horizon,
		@NotNull @DefaultValue("1d") Duration retrainInterval,
		@NotNull @DefaultValue("1m") Duration retrainInitialDelay,
		@NotNull @DefaultValue("10s") Duration loaderPollInterval,
		@NotNull @DefaultValue("35d") Duration historyRetention, @NotNull @DefaultValue("2h") Duration dedupeWindow,
		@NotNull @DefaultValue("8d") Duration forecastHistory) implements ValidatedProperties {

	public static final String PREFIX = "predictive.embedded";

	public PredictiveEmbeddedProperties {
		dataDir = (dataDir != null) ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "predictive-gateway");
	}

	@Override
	public void check(PropertyRules rules) {
		rules.positive("retrain-interval", this.retrainInterval());
		rules.notNegative("retrain-initial-delay", this.retrainInitialDelay());
		rules.positive("loader-poll-interval", this.loaderPollInterval());
		rules.positive("history-retention", this.historyRetention());
		rules.positive("dedupe-window", this.dedupeWindow());
		rules.positive("forecast-history", this.forecastHistory());
		if (this.dedupeWindow() != null && this.historyRetention() != null
				&& this.historyRetention().compareTo(this.dedupeWindow()) < 0) {
			rules.reject("history-retention", rules.path("history-retention") + " is " + this.historyRetention()
					+ ", shorter than " + rules.path("dedupe-window") + " " + this.dedupeWindow());
		}
	}

}
