package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A counter that grew over a window: the rule holds while {@code Δ counter > 0} over the
 * window ({@link CounterWindow}), all the counter's meters together, e.g. forecast
 * snapshots refused. With {@code for:} at least the window, a single event never fires
 * it: the condition goes away one window after it, before it has held for {@code for:};
 * events that go on fire it, and it resolves one window after the last.
 */
public final class IncreaseRule extends AbstractAlertRule {

	private static final Map<String, String> NO_LABELS = Map.of();

	private final String meter;

	private final Function<Breach, String> description;

	private final CounterWindow window;

	/**
	 * @param meter the counter's name
	 * @param description the {@code description} annotation of a breach (its value is the
	 * increase)
	 */
	public IncreaseRule(String name, String severity, Duration forDuration, String summary, String meter,
			Duration window, Function<Breach, String> description) {
		super(name, severity, forDuration, summary);
		this.meter = meter;
		this.description = description;
		this.window = new CounterWindow(window.toNanos());
	}

	@Override
	public synchronized List<Breach> evaluate(MeterRegistry registry, long nowNanos) {
		double total = 0;
		boolean registered = false;
		for (Meter counter : registry.find(this.meter).meters()) {
			total += CounterWindow.count(counter);
			registered = true;
		}
		Map<Map<String, String>, double[]> totals = registered ? Map.of(NO_LABELS, new double[] { total }) : Map.of();
		List<Breach> breaches = new ArrayList<>(1);
		this.window.increases(nowNanos, totals).forEach((labels, increase) -> {
			if (increase[0] > 0) {
				breaches.add(new Breach(labels, increase[0]));
			}
		});
		return breaches;
	}

	@Override
	public String describe(Breach breach) {
		return this.description.apply(breach);
	}

}
