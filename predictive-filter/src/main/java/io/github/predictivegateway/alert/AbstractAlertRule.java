package io.github.predictivegateway.alert;

import java.time.Duration;

/**
 * What every rule has besides its condition: its name, severity, {@code for:} duration
 * and summary.
 */
abstract class AbstractAlertRule implements AlertRule {

	private final String name;

	private final String severity;

	private final Duration forDuration;

	private final String summary;

	AbstractAlertRule(String name, String severity, Duration forDuration, String summary) {
		this.name = name;
		this.severity = severity;
		this.forDuration = forDuration;
		this.summary = summary;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String severity() {
		return this.severity;
	}

	@Override
	public Duration forDuration() {
		return this.forDuration;
	}

	@Override
	public String summary() {
		return this.summary;
	}

}
