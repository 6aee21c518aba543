package io.github.predictivegateway.forecaster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.InvalidForecasterSettingsException.Problem;

/**
 * How a forecaster engine runs, immutable and checked when made: every value within its
 * range or an {@link InvalidForecasterSettingsException} naming each one that is not.
 * Made from {@link ForecasterProperties}, which holds the defaults and their meaning; the
 * sidecar and the gateway's embedded forecaster both open their engine from it
 * ({@link ForecasterEngine#open}).
 *
 * @param step the step, a whole number of seconds, at least one
 * @param dataDir where the usage journal lives
 * @param modelDir where model versions are kept
 * @param horizon future steps per forecast, 1 to 1000
 * @param level central interval level, above 0.5 and at most 0.999
 * @param retrainInterval time between retrainings, forecaster time, positive
 * @param retrainInitialDelay time to the first retraining, real time, not negative
 * @param loaderPollInterval time between looks at the model directory, real time,
 * positive
 * @param historyRetention usage kept, positive and at least the dedupe window
 * @param dedupeWindow how long a step's usage may be replaced by a resend, positive
 * @param forecastHistory recent usage each forecast is computed from, positive
 * @param promotionTolerance relative MASE by which a new version may be worse and still
 * be published, at least 0
 * @param journalCompactBytes journal size that triggers compaction, at least 1024
 * @param maxLeadSteps longest lead looked for between resource types, at least 1
 * @param minLeadCorrelation smallest cross-correlation that counts as a lead, 0 to 0.99
 */
public record ForecasterSettings(Duration step, Path dataDir, Path modelDir, int horizon, double level,
		Duration retrainInterval, Duration retrainInitialDelay, Duration loaderPollInterval, Duration historyRetention,
		Duration dedupeWindow, Duration forecastHistory, double promotionTolerance, long journalCompactBytes,
		int maxLeadSteps, double minLeadCorrelation) {

	public ForecasterSettings {
		List<Problem> problems = new ArrayList<>();
		if (step == null || step.getNano() != 0 || step.getSeconds() < 1) {
			problems.add(new Problem("step", step, "a whole number of seconds, at least 1s"));
		}
		if (dataDir == null) {
			problems.add(new Problem("data-dir", null, "set"));
		}
		else if (modelDir == null) {
			problems.add(new Problem("model-dir", null, "set"));
		}
		within(problems, "horizon", horizon, 1, 1000);
		if (!(level > 0.5 && level <= 0.999)) {
			problems.add(new Problem("level", level, "above 0.5 and at most 0.999"));
		}
		positive(problems, "retrain-interval", retrainInterval);
		if (retrainInitialDelay == null || retrainInitialDelay.isNegative()) {
			problems.add(new Problem("retrain-initial-delay", retrainInitialDelay, "zero or positive"));
		}
		positive(problems, "loader-poll-interval", loaderPollInterval);
		positive(problems, "history-retention", historyRetention);
		positive(problems, "dedupe-window", dedupeWindow);
		positive(problems, "forecast-history", forecastHistory);
		if (historyRetention != null && dedupeWindow != null && historyRetention.compareTo(dedupeWindow) < 0) {
			problems
				.add(new Problem("history-retention", historyRetention, "at least the dedupe-window " + dedupeWindow));
		}
		if (!(promotionTolerance >= 0) || Double.isInfinite(promotionTolerance)) {
			problems.add(new Problem("promotion-tolerance", promotionTolerance, "a finite number, at least 0"));
		}
		if (journalCompactBytes < 1024) {
			problems.add(new Problem("journal-compact-bytes", journalCompactBytes, "at least 1024"));
		}
		within(problems, "max-lead-steps", maxLeadSteps, 1, Integer.MAX_VALUE);
		if (!(minLeadCorrelation >= 0 && minLeadCorrelation <= 0.99)) {
			problems.add(new Problem("min-lead-correlation", minLeadCorrelation, "from 0 to 0.99"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidForecasterSettingsException(problems);
		}
	}

	private static void within(List<Problem> problems, String property, int value, int min, int max) {
		if (value < min || value > max) {
			problems.add(new Problem(property, value,
					(max == Integer.MAX_VALUE) ? "at least " + min : "from " + min + " to " + max));
		}
	}

	private static void positive(List<Problem> problems, String property, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(new Problem(property, value, "positive"));
		}
	}

	/** The step in seconds. */
	public long stepSeconds() {
		return this.step.getSeconds();
	}

	/** Whole steps in {@code duration}, at least one. */
	public int steps(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.getSeconds() / stepSeconds()));
	}

	/**
	 * Real time between scheduled retrainings when the forecaster's time runs
	 * {@code timeScale} times faster than real time: the retrain interval divided by the
	 * scale, at least a millisecond.
	 */
	public Duration retrainPeriod(double timeScale) {
		return Duration.ofNanos(Math.max(1_000_000L, (long) (this.retrainInterval.toNanos() / timeScale)));
	}

}
