package io.github.predictivegateway.alert;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;

/**
 * How much counters grew over a window, per label set, from the totals seen at each
 * evaluation, as Prometheus' {@code increase(...[window])} would: the window's start is
 * the newest sample at least {@code window} old (the oldest one while there is none yet),
 * so once a window has passed the increase is over at least a full window. Until a label
 * set has two samples it has no increase. A label set first seen after an earlier
 * evaluation counted nothing at that evaluation (its counters did not exist yet), so the
 * events that created it are not lost; a label set no longer seen is forgotten. Not
 * thread-safe: its rule evaluates under a lock.
 */
final class CounterWindow {

	private record Sample(long nanos, double[] totals) {

	}

	private final long windowNanos;

	private final Map<Map<String, String>, Deque<Sample>> samples = new HashMap<>();

	private long lastEvaluation;

	private boolean evaluated;

	CounterWindow(long windowNanos) {
		this.windowNanos = windowNanos;
	}

	/**
	 * Records this evaluation's totals and returns, per label set with a window start,
	 * how much each total grew since it.
	 * @param totals per label set, the counters' totals now (each array of the same
	 * length)
	 */
	Map<Map<String, String>, double[]> increases(long nowNanos, Map<Map<String, String>, double[]> totals) {
		this.samples.keySet().retainAll(totals.keySet());
		Map<Map<String, String>, double[]> increases = new HashMap<>();
		totals.forEach((labels, total) -> {
			Deque<Sample> history = this.samples.computeIfAbsent(labels, l -> born(total.length));
			history.addLast(new Sample(nowNanos, total.clone()));
			while (history.size() > 2 && secondOldest(history).nanos() <= nowNanos - this.windowNanos) {
				history.removeFirst();
			}
			if (history.size() < 2) {
				return;
			}
			double[] start = history.getFirst().totals();
			double[] increase = new double[total.length];
			for (int i = 0; i < total.length; i++) {
				increase[i] = total[i] - start[i];
			}
			increases.put(labels, increase);
		});
		this.lastEvaluation = nowNanos;
		this.evaluated = true;
		return increases;
	}

	private Deque<Sample> born(int counters) {
		Deque<Sample> history = new ArrayDeque<>();
		if (this.evaluated) {
			history.add(new Sample(this.lastEvaluation, new double[counters]));
		}
		return history;
	}

	private static Sample secondOldest(Deque<Sample> history) {
		Iterator<Sample> it = history.iterator();
		it.next();
		return it.next();
	}

	/** A counter's, function counter's or timer's count so far. */
	static double count(Meter meter) {
		for (Measurement measurement : meter.measure()) {
			if (measurement.getStatistic() == Statistic.COUNT) {
				return measurement.getValue();
			}
		}
		return 0;
	}

}
