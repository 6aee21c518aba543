package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The share of a counted family's events that are of one kind, over a window, per group:
 * e.g. throttled decisions over all decisions of a resource, or {@code 504} answers over
 * all requests of a route.
 *
 * <pre>
 * share = Δ count{part} / Δ count     over the window ({@link CounterWindow}), per group
 * </pre>
 *
 * The rule holds where {@code share > threshold} and {@code Δ count ≥ min-events} (a
 * handful of events says nothing). A meter without every group tag is left out.
 */
public final class ShareRule extends AbstractAlertRule {

	/**
	 * What is counted.
	 *
	 * @param meter the counters' (or timers') name
	 * @param groupKeys the tags whose values make a group, and the alert's labels
	 * @param partKey the tag that tells the part
	 * @param partValue its value on the part's meters
	 */
	public record Counted(String meter, List<String> groupKeys, String partKey, String partValue) {

		public Counted {
			groupKeys = List.copyOf(groupKeys);
		}

	}

	private final Counted counted;

	private final double threshold;

	private final long minEvents;

	private final Function<Breach, String> description;

	private final CounterWindow window;

	/**
	 * @param threshold the share above which the rule holds, within [0, 1)
	 * @param window the window of the share
	 * @param minEvents the fewest events in the window for a share to count
	 * @param description the {@code description} annotation of a breach (its value is the
	 * share)
	 */
	public ShareRule(String name, String severity, Duration forDuration, String summary, Counted counted,
			double threshold, Duration window, long minEvents, Function<Breach, String> description) {
		super(name, severity, forDuration, summary);
		this.counted = counted;
		this.threshold = threshold;
		this.minEvents = minEvents;
		this.description = description;
		this.window = new CounterWindow(window.toNanos());
	}

	@Override
	public synchronized List<Breach> evaluate(MeterRegistry registry, long nowNanos) {
		List<Breach> breaches = new ArrayList<>();
		this.window.increases(nowNanos, totalsByGroup(registry)).forEach((group, increase) -> {
			double all = increase[1];
			if (all < this.minEvents) {
				return;
			}
			double share = increase[0] / all;
			if (share > this.threshold) {
				breaches.add(new Breach(group, share));
			}
		});
		return breaches;
	}

	/** Per group: {part, all} events counted so far. */
	private Map<Map<String, String>, double[]> totalsByGroup(MeterRegistry registry) {
		Map<Map<String, String>, double[]> totals = new HashMap<>();
		for (Meter meter : registry.find(this.counted.meter()).meters()) {
			Map<String, String> group = group(meter);
			if (group == null) {
				continue;
			}
			double count = CounterWindow.count(meter);
			double[] total = totals.computeIfAbsent(group, g -> new double[2]);
			if (this.counted.partValue().equals(meter.getId().getTag(this.counted.partKey()))) {
				total[0] += count;
			}
			total[1] += count;
		}
		return totals;
	}

	private @Nullable Map<String, String> group(Meter meter) {
		Map<String, String> group = new LinkedHashMap<>();
		for (String key : this.counted.groupKeys()) {
			String value = meter.getId().getTag(key);
			if (value == null) {
				return null;
			}
			group.put(key, value);
		}
		return group;
	}

	@Override
	public String describe(Breach breach) {
		return this.description.apply(breach);
	}

}
