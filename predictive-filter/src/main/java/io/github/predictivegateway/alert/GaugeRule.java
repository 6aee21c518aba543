package io.github.predictivegateway.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

/**
 * A rule over gauges: it holds for every label set where one of its {@link Condition}s
 * holds, e.g. {@code predictive.forecast.coverage < 0.8} per resource and tenant. A gauge
 * reading NaN (no data yet, or nothing to measure) never breaks a condition; nor does a
 * gauge that is not registered, so a rule about Redis is quiet in a gateway without
 * Redis.
 */
public final class GaugeRule extends AbstractAlertRule {

	/** One gauge compared with a threshold. */
	public record Condition(String meter, Comparison comparison, double threshold) {

		boolean holds(double value) {
			return !Double.isNaN(value) && this.comparison.test.test(value - this.threshold);
		}

	}

	/** How a gauge's value is compared with the threshold. */
	public enum Comparison {

		ABOVE(d -> d > 0, ">"), AT_LEAST(d -> d >= 0, ">="), BELOW(d -> d < 0, "<");

		private final DoublePredicate test;

		private final String symbol;

		Comparison(DoublePredicate test, String symbol) {
			this.test = test;
			this.symbol = symbol;
		}

		public String symbol() {
			return this.symbol;
		}

	}

	private final List<Condition> conditions;

	private final Set<String> labelKeys;

	/**
	 * @param labelKeys the gauge tags that become the alert's labels (e.g. resource,
	 * tenant); other tags are ignored
	 */
	public GaugeRule(String name, String severity, Duration forDuration, String summary, Set<String> labelKeys,
			List<Condition> conditions) {
		super(name, severity, forDuration, summary);
		this.labelKeys = Set.copyOf(labelKeys);
		this.conditions = List.copyOf(conditions);
	}

	@Override
	public List<Breach> evaluate(MeterRegistry registry, long nowNanos) {
		Map<Map<String, String>, Double> breaking = new LinkedHashMap<>();
		for (Condition condition : this.conditions) {
			for (Gauge gauge : registry.find(condition.meter()).gauges()) {
				double value = gauge.value();
				if (condition.holds(value)) {
					breaking.putIfAbsent(labels(gauge.getId().getTags()), value);
				}
			}
		}
		List<Breach> breaches = new ArrayList<>(breaking.size());
		breaking.forEach((labels, value) -> breaches.add(new Breach(labels, value)));
		return breaches;
	}

	private Map<String, String> labels(List<Tag> tags) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (Tag tag : tags) {
			if (this.labelKeys.contains(tag.getKey())) {
				labels.put(tag.getKey(), tag.getValue());
			}
		}
		return labels;
	}

	@Override
	public String describe(Breach breach) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < this.conditions.size(); i++) {
			Condition c = this.conditions.get(i);
			text.append(i == 0 ? "" : " or ")
				.append(c.meter())
				.append(' ')
				.append(c.comparison().symbol())
				.append(' ')
				.append(AlertText.number(c.threshold()));
		}
		text.append(" (value ").append(AlertText.number(breach.value()));
		if (!breach.labels().isEmpty()) {
			text.append(", ").append(AlertText.labels(breach.labels()));
		}
		return text.append(')').toString();
	}

}
