package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * Throttling rate per resource type, from the deltas of the {@code predictive.decisions} counters over a window:
 *
 * <pre>
 * rate = Δ decisions{class="throttled"} / Δ decisions     over the window, per resource
 * </pre>
 *
 * The rule holds where {@code rate > threshold} and {@code Δ decisions ≥ min-decisions} (a handful of requests
 * says nothing). Each evaluation keeps a sample of the counters; the window's start is the newest sample at least
 * {@code window} old (the oldest one while there is none yet), so the rate is over at least a full window once one
 * has passed, like Prometheus' {@code increase(...[window])}. Until a second sample exists nothing holds.
 */
public final class ThrottlingRateRule implements AlertRule {

	/** The name of this rule. */
	public static final String NAME = "ThrottlingHigh";

	private static final String THROTTLED = "throttled";

	private record Sample(long nanos, double throttled, double all) {

	}

	private final String severity;

	private final Duration forDuration;

	private final double threshold;

	private final long windowNanos;

	private final long minDecisions;

	private final Map<String, Deque<Sample>> samples = new HashMap<>();

	/**
	 * @param threshold the share of throttled decisions above which the rule holds, within (0, 1]
	 * @param window the window of the rate
	 * @param minDecisions the fewest decisions in the window for a rate to count
	 */
	public ThrottlingRateRule(String severity, Duration forDuration, double threshold, Duration window,
			long minDecisions) {
		this.severity = severity;
		this.forDuration = forDuration;
		this.threshold = threshold;
		this.windowNanos = window.toNanos();
		this.minDecisions = minDecisions;
	}

	@Override
	public synchronized List<Breach> evaluate(MeterRegistry registry, long nowNanos) {
		Map<String, double[]> totals = totalsByResource(registry);
		List<Breach> breaches = new ArrayList<>();
		totals.forEach((resource, total) -> {
			Deque<Sample> history = this.samples.computeIfAbsent(resource, r -> new ArrayDeque<>());
			history.addLast(new Sample(nowNanos, total[0], total[1]));
			while (history.size() > 2 && secondOldest(history).nanos() <= nowNanos - this.windowNanos) {
				history.removeFirst();
			}
			Sample start = history.getFirst();
			double all = total[1] - start.all();
			if (history.size() < 2 || all < this.minDecisions) {
				return;
			}
			double rate = (total[0] - start.throttled()) / all;
			if (rate > this.threshold) {
				breaches.add(new Breach(Map.of(PredictiveMetricNames.RESOURCE, resource), rate));
			}
		});
		return breaches;
	}

	private static Sample secondOldest(Deque<Sample> history) {
		var it = history.iterator();
		it.next();
		return it.next();
	}

	/** Per resource: {throttled, all} decisions counted so far. */
	private static Map<String, double[]> totalsByResource(MeterRegistry registry) {
		Map<String, double[]> totals = new HashMap<>();
		for (Meter meter : registry.find(PredictiveMetricNames.DECISIONS).meters()) {
			String resource = meter.getId().getTag(PredictiveMetricNames.RESOURCE);
			if (resource == null) {
				continue;
			}
			double count = count(meter);
			double[] total = totals.computeIfAbsent(resource, r -> new double[2]);
			if (THROTTLED.equals(meter.getId().getTag(PredictiveMetricNames.CLASS))) {
				total[0] += count;
			}
			total[1] += count;
		}
		return totals;
	}

	private static double count(Meter meter) {
		for (Measurement measurement : meter.measure()) {
			if (measurement.getStatistic() == Statistic.COUNT) {
				return measurement.getValue();
			}
		}
		return 0;
	}

	@Override
	public String describe(Breach breach) {
		return AlertText.number(breach.value() * 100) + "% of the decisions on resource "
				+ breach.labels().get(PredictiveMetricNames.RESOURCE) + " were throttled over the last "
				+ AlertText.duration(Duration.ofNanos(this.windowNanos)) + " (threshold " + AlertText.number(this.threshold * 100) + "%)";
	}

	@Override
	public String name() {
		return NAME;
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
		return "Throttling rate above its threshold";
	}

}
