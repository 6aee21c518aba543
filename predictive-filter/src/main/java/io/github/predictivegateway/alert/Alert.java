package io.github.predictivegateway.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as Alertmanager receives it ({@code POST /api/v2/alerts}): its identity is
 * its labels ({@code alertname}, {@code severity} and the breach's own), its text the
 * annotations {@code summary} and {@code description}. A firing alert's {@code endsAt}
 * lies ahead (Alertmanager resolves it by itself if the gateway stops sending it); a
 * resolved alert's {@code endsAt} is the evaluation that found it over.
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
		boolean resolved) {

	public Alert {
		labels = Map.copyOf(labels);
		annotations = Map.copyOf(annotations);
	}

	/** The {@code alertname} label. */
	public String name() {
		return this.labels.get("alertname");
	}

}
