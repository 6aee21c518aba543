package io.github.predictivegateway.alert;

import java.util.Map;

/**
 * One label set for which a rule's condition holds at an evaluation: e.g.
 * {@code resource=db}, with the value that broke the threshold (for the alert's
 * description).
 *
 * @param labels the labels that tell this breach from the rule's others (never
 * {@code alertname} or {@code severity}); empty for a rule about the whole gateway
 * @param value the measured value
 */
public record Breach(Map<String, String> labels, double value) {

	public Breach {
		labels = Map.copyOf(labels);
	}

}
