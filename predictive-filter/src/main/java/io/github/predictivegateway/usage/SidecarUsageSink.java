package io.github.predictivegateway.usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends usage batches to the sidecar's {@code POST /v1/usage}: {@code 202} is accepted, {@code 400} rejected (the
 * batch is invalid and is not sent again), anything else, a timeout or no connection an error to retry.
 */
public final class SidecarUsageSink implements UsageSink {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final URI usageUri;

	private final Duration timeout;

	public SidecarUsageSink(HttpClient http, URI sidecarUrl, Duration timeout) {
		this.http = http;
		this.usageUri = sidecarUrl.resolve("/v1/usage");
		this.timeout = timeout;
	}

	@Override
	public Mono<Result> publish(String instance, List<StepUsage> records) {
		return Mono.defer(() -> {
			HttpRequest request = HttpRequest.newBuilder(this.usageUri)
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body(instance, records)))
				.build();
			return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()), true);
		}).timeout(this.timeout).flatMap(response -> {
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Mono.just(Result.ACCEPTED);
			}
			if (status == 400) {
				return Mono.just(Result.REJECTED);
			}
			return Mono.error(new IllegalStateException("the sidecar answered " + status + " to a usage batch"));
		});
	}

	static byte[] body(String instance, List<StepUsage> records) {
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
