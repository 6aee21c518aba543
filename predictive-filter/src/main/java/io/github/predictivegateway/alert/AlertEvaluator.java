package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.time.TimeSource;

/**
 * Evaluates the alert rules and keeps each alert's state, as Prometheus does:
 *
 * <pre>
 * inactive ──condition holds──► pending ──held for for:──► firing ──condition gone──► resolved (sent once)
 *                                  └──condition gone──► inactive (nothing sent)
 * </pre>
 *
 * One alert per rule and label set. {@link #evaluate()} returns what is to be sent:
 * alerts that started firing, firing alerts last sent at least {@code repeat-interval}
 * ago, and alerts resolved since the last evaluation. A firing alert's {@code startsAt}
 * is when it became pending; its {@code endsAt} lies {@value #VALID_FOR_REPEATS} repeat
 * intervals ahead (Prometheus' rule, so that Alertmanager resolves it if the gateway goes
 * away); a resolved alert's {@code endsAt} is the evaluation that found the condition
 * gone. Time is the injected {@link TimeSource}. A rule that throws is skipped for that
 * evaluation: its alerts keep their state.
 */
public final class AlertEvaluator {

	/** How many repeat intervals a firing alert is valid for. */
	static final int VALID_FOR_REPEATS = 4;

	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private record Key(String rule, Map<String, String> labels) {

	}

	private static final class State {

		final long pendingSince;

		boolean firing;

		long lastSent;

		Breach breach;

		State(long pendingSince, Breach breach) {
			this.pendingSince = pendingSince;
			this.breach = breach;
		}

	}

	private final List<AlertRule> rules;

	private final MeterRegistry registry;

	private final TimeSource time;

	private final long repeatNanos;

	private final Map<String, String> extraLabels;

	private final Map<Key, State> states = new LinkedHashMap<>();

	/**
	 * @param extraLabels labels added to every alert (e.g. {@code cluster}); a rule's own
	 * labels win
	 */
	public AlertEvaluator(List<AlertRule> rules, MeterRegistry registry, TimeSource time, Duration repeatInterval,
			Map<String, String> extraLabels) {
		this.rules = List.copyOf(rules);
		this.registry = registry;
		this.time = time;
		this.repeatNanos = repeatInterval.toNanos();
		this.extraLabels = Map.copyOf(extraLabels);
	}

	/** One evaluation of every rule; the alerts to send now (maybe none). */
	public synchronized List<Alert> evaluate() {
		long now = this.time.epochNanos();
		List<Alert> due = new ArrayList<>();
		for (AlertRule rule : this.rules) {
			List<Breach> breaches;
			try {
				breaches = rule.evaluate(this.registry, now);
			}
			catch (RuntimeException ex) {
				logger.warn("Alert rule " + rule.name() + " could not be evaluated; its alerts keep their state", ex);
				continue;
			}
			Set<Key> holding = new HashSet<>();
			for (Breach breach : breaches) {
				Key key = new Key(rule.name(), breach.labels());
				holding.add(key);
				State state = this.states.computeIfAbsent(key, k -> new State(now, breach));
				state.breach = breach;
				if (!state.firing && now - state.pendingSince >= rule.forDuration().toNanos()) {
					state.firing = true;
					state.lastSent = now;
					due.add(firing(rule, state, now));
				}
				else if (state.firing && now - state.lastSent >= this.repeatNanos) {
					state.lastSent = now;
					due.add(firing(rule, state, now));
				}
			}
			for (Iterator<Map.Entry<Key, State>> it = this.states.entrySet().iterator(); it.hasNext();) {
				Map.Entry<Key, State> entry = it.next();
				if (entry.getKey().rule().equals(rule.name()) && !holding.contains(entry.getKey())) {
					if (entry.getValue().firing) {
						due.add(alert(rule, entry.getValue(), now, true));
					}
					it.remove();
				}
			}
		}
		return due;
	}

	/** How many label sets of the rule named {@code rule} are firing. */
	public synchronized int firing(String rule) {
		int firing = 0;
		for (Map.Entry<Key, State> entry : this.states.entrySet()) {
			if (entry.getValue().firing && entry.getKey().rule().equals(rule)) {
				firing++;
			}
		}
		return firing;
	}

	/** The rules evaluated. */
	public List<AlertRule> rules() {
		return this.rules;
	}

	private Alert firing(AlertRule rule, State state, long now) {
		return alert(rule, state, now + VALID_FOR_REPEATS * this.repeatNanos, false);
	}

	private Alert alert(AlertRule rule, State state, long endsAt, boolean resolved) {
		Map<String, String> labels = new LinkedHashMap<>(this.extraLabels);
		labels.putAll(state.breach.labels());
		labels.put("alertname", rule.name());
		labels.put("severity", rule.severity());
		Map<String, String> annotations = Map.of("summary", rule.summary(), "description", rule.describe(state.breach));
		return new Alert(labels, annotations, instant(state.pendingSince), instant(endsAt), resolved);
	}

	private static Instant instant(long nanos) {
		return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
	}

}
