package io.github.predictivegateway.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body Alertmanager's {@code POST /api/v2/alerts} takes, also what Prometheus
 * sends it: an array of <pre>
 * {"labels": {"alertname": "...", "severity": "...", ...}, "annotations": {"summary": "...", "description": "..."},
 *  "startsAt": "2026-11-30T09:00:00Z", "endsAt": "2026-11-30T09:20:00Z", "generatorURL": "..."}
 * </pre> Labels and annotations are sorted by key; {@code generatorURL} is left out when
 * none is configured.
 */
public final class AlertPayload {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AlertPayload() {
	}

	public static byte[] encode(List<Alert> alerts, @Nullable String generatorUrl) {
		List<Map<String, Object>> body = new ArrayList<>(alerts.size());
		for (Alert alert : alerts) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("labels", new TreeMap<>(alert.labels()));
			entry.put("annotations", new TreeMap<>(alert.annotations()));
			entry.put("startsAt", alert.startsAt().toString());
			entry.put("endsAt", alert.endsAt().toString());
			if (generatorUrl != null) {
				entry.put("generatorURL", generatorUrl);
			}
			body.add(entry);
		}
		return JSON.writeValueAsBytes(body);
	}

}
