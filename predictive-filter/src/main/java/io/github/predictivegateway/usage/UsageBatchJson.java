package io.github.predictivegateway.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One usage batch as the sidecar reads it, whichever way it travels: the body of
 * {@code POST /v1/usage}, and the {@code batch} field of an entry of the Redis usage
 * stream. {@code {"instance", "records": [{"tenant", "resource",
 * "stepStart", "attempted", "admitted", "preallocated", "throttled", "units", "bytes", "durationMsSum",
 * "durationMsMax"}]}}.
 */
public final class UsageBatchJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private UsageBatchJson() {
	}

	/** The batch of {@code instance}'s {@code records} as UTF-8 JSON. */
	public static byte[] bytes(String instance, List<StepUsage> records) {
		List<Map<String, Object>> entries = new ArrayList<>(records.size());
		for (StepUsage r : records) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("tenant", r.tenant());
			entry.put("resource", r.resource());
			entry.put("stepStart", r.stepStart().toString());
			entry.put("attempted", r.attempted());
			entry.put("admitted", r.admitted());
			entry.put("preallocated", r.preallocated());
			entry.put("throttled", r.throttled());
			entry.put("units", r.units());
			entry.put("bytes", r.bytes());
			entry.put("durationMsSum", r.durationMsSum());
			entry.put("durationMsMax", r.durationMsMax());
			entries.add(entry);
		}
		Map<String, Object> batch = new LinkedHashMap<>();
		batch.put("instance", instance);
		batch.put("records", entries);
		return JSON.writeValueAsBytes(batch);
	}

}
