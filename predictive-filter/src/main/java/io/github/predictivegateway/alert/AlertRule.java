package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * One alert rule: a condition over the meters of a {@link MeterRegistry}, evaluated on a
 * schedule. The rule only says for which label sets the condition holds now;
 * {@link AlertEvaluator} keeps the states (pending for {@link #forDuration()}, then
 * firing, then resolved) and decides what is sent.
 */
public interface AlertRule {

	/** The {@code alertname} label, e.g. {@code ThrottlingHigh}. */
	String name();

	/** The {@code severity} label: {@code warning} or {@code critical}. */
	String severity();

	/**
	 * How long the condition must hold before the alert fires (Prometheus' {@code for:});
	 * zero fires at once.
	 */
	Duration forDuration();

	/** The {@code summary} annotation. */
	String summary();

	/** The {@code description} annotation of one breach. */
	String describe(Breach breach);

	/**
	 * The label sets for which the condition holds now.
	 * @param registry where the meters are read
	 * @param nowNanos engine time of this evaluation, epoch nanoseconds
	 */
	List<Breach> evaluate(MeterRegistry registry, long nowNanos);

}
